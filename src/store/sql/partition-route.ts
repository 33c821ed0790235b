import type { SqlQueryable } from './client.ts';
import { textPartitionRemainder } from './pg-hash.ts';

/** Where each user's rows of a hash-partitioned table live, as the server computes it. */
export interface UserRoute {
  /** The partitions (names as the server prints them, quoted where needed). */
  partitions: string[];
  /** Partition index (into `partitions`) of each user, in the order the ids were given. */
  of: Int32Array;
}

const BOUND = /^FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)$/;
/** Users whose computed partition is checked against the server's own partition constraint. */
const CHECKED = 64;
/** Greatest modulus routed by the client (`textPartitionRemainder`'s exact range). */
const MAX_MODULUS = 2 ** 20;

/**
 * The partition of every user of `table` when it is `PARTITION BY HASH (user_id)` into plain tables, or null (route
 * through the parent) otherwise. The hash is the server's, computed here once per user (pg-hash.ts: `hashtextextended`
 * with the seed and combination of PostgreSQL's hash partitioning, stable since 11 because stored partitions depend
 * on it), taken modulo the greatest modulus. The first users' partitions are checked with `satisfies_hash_partition`,
 * the server's own partition constraint (a mismatch — another byte order, a non-deterministic collation — gives
 * null), and a COPY straight into a partition checks that constraint on every row anyway, so a wrong route fails the
 * transaction, never misfiles a row.
 */
export async function routeUsers(
  tx: SqlQueryable,
  table: 'interactions' | 'recommendations',
  userIds: readonly string[],
): Promise<UserRoute | null> {
  const [key] = await tx.query<{ key: string | null }>(`SELECT pg_get_partkeydef(to_regclass($1)) AS key`, [
    table,
  ]);
  if (key?.key !== 'HASH (user_id)') return null;
  const parts = await tx.query<{ name: string; bound: string; kind: string }>(
    `SELECT c.oid::regclass::text AS name, pg_get_expr(c.relpartbound, c.oid) AS bound, c.relkind::text AS kind
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass($1) ORDER BY 1`,
    [table],
  );
  const bounds = parts.map((p) => BOUND.exec(p.bound));
  if (parts.length === 0 || parts.some((p, i) => p.kind !== 'r' || bounds[i] === null)) return null;
  const mods = bounds.map((b) => Number(b![1]));
  const rems = bounds.map((b) => Number(b![2]));
  const greatest = Math.max(...mods);
  if (greatest > MAX_MODULUS) return null;
  // Remainder modulo the greatest modulus → partition (every modulus divides it; PostgreSQL requires that).
  const slot = new Int32Array(greatest).fill(-1);
  for (let s = 0; s < greatest; s++) slot[s] = mods.findIndex((m, p) => s % m === rems[p]);
  if (slot.includes(-1)) return null;
  const of = new Int32Array(userIds.length);
  let scratch = Buffer.allocUnsafe(256);
  for (let u = 0; u < userIds.length; u++) {
    const id = userIds[u]!;
    if (scratch.length < 3 * id.length) scratch = Buffer.allocUnsafe(3 * id.length);
    of[u] = slot[textPartitionRemainder(scratch, scratch.write(id, 0, 'utf8'), greatest)]!;
  }
  const sample = Math.min(CHECKED, userIds.length);
  const [check] = await tx.query<{ ok: boolean }>(
    `SELECT coalesce(bool_and(satisfies_hash_partition(to_regclass($1), m, r, x)), true) AS ok
     FROM unnest($2::text[], $3::int[], $4::int[]) AS u(x, m, r)`,
    [
      table,
      userIds.slice(0, sample),
      Array.from({ length: sample }, (_, u) => mods[of[u]!]),
      Array.from({ length: sample }, (_, u) => rems[of[u]!]),
    ],
  );
  return check?.ok === true ? { partitions: parts.map((p) => p.name), of } : null;
}

/**
 * `rows` row numbers grouped by partition (stable: each partition's rows keep their order), where row `r` belongs to
 * user `userOf(r)`; `starts[p]..starts[p + 1]` are partition `p`'s (a counting sort, O(rows)).
 */
export function groupByPartition(
  route: UserRoute,
  rows: number,
  userOf: (row: number) => number,
): { order: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(route.partitions.length + 1);
  for (let r = 0; r < rows; r++) starts[route.of[userOf(r)]! + 1]!++;
  for (let p = 0; p < route.partitions.length; p++) starts[p + 1]! += starts[p]!;
  const next = starts.slice(0, -1);
  const order = new Int32Array(rows);
  for (let r = 0; r < rows; r++) order[next[route.of[userOf(r)]!]!++] = r;
  return { order, starts };
}
