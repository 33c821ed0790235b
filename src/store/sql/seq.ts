import type { SqlQueryable } from './client.ts';

/** The `meta` key holding the next free `seq` of `interactions`. */
const KEY = 'interactions_next_seq';

const ADVANCE_SQL = `UPDATE meta SET value = to_jsonb((value #>> '{}')::bigint + $1::bigint) WHERE key = '${KEY}'
  RETURNING ((value #>> '{}')::bigint - $1::bigint)::float8 AS base`;

// A store imported before the counter existed (or just cleared) continues after what is stored: one scan, once.
// ON CONFLICT: another transaction may have created the counter meanwhile; its row then counts.
const START_SQL = `INSERT INTO meta (key, value)
  SELECT '${KEY}', to_jsonb(coalesce(max(seq), -1) + 1 + $1::bigint) FROM interactions
  ON CONFLICT (key) DO UPDATE SET value = to_jsonb((meta.value #>> '{}')::bigint + $1::bigint)
  RETURNING ((value #>> '{}')::bigint - $1::bigint)::float8 AS base`;

/**
 * Reserves `count` consecutive `seq` values of `interactions` inside the caller's transaction and returns the first.
 * A counter in `meta` instead of `max(seq) + 1`: `interactions` has no index on `seq` (its build cost a 10⁷-row import
 * ≈ 3.6 server CPU s, issue 23), so `max(seq)` would scan the table on every rating a user adds. The counter's row
 * lock also serialises concurrent writers, which `max(seq)` let take the same values.
 */
export async function reserveInteractionSeq(tx: SqlQueryable, count: number): Promise<number> {
  const [row] = await tx.query<{ base: number }>(ADVANCE_SQL, [count]);
  if (row !== undefined) return row.base;
  const [start] = await tx.query<{ base: number }>(START_SQL, [count]);
  return start!.base;
}
