import { StoreError } from '../errors.ts';
import type { SqlQueryable } from './client.ts';

/** Memory for the index builds after a bulk load (one sort per partition instead of a spill to disk at 10⁷+ rows). */
const BUILD_MEMORY = '256MB';

interface IndexDef {
  name: string;
  /** `ALTER TABLE … ADD CONSTRAINT …` for a primary or unique key, `CREATE INDEX …` otherwise. */
  create: string;
  drop: string;
}

/**
 * Runs `load` (a bulk COPY into `table`) with the table's indexes and keys dropped, then builds them again from
 * their saved definitions — all inside the caller's transaction, so a failure (a duplicate key found by the
 * rebuilt primary key included) rolls everything back. A B-tree built by one sort after the load costs the server
 * about half of what row-by-row insertion during the COPY costs (issue 23: 1 M interactions 6.2 → 2.7 server CPU
 * s). The caller must hold the only use of the rows: the DROP takes the table's exclusive lock until commit, so
 * readers of `table` wait for the transaction. Keys another table's foreign key depends on are left in place.
 * `opts.presorted`: the load writes each partition's rows in key order, so the builds run without parallel workers.
 */
export async function withIndexesRebuilt<T>(
  tx: SqlQueryable,
  table: 'interactions' | 'recommendations',
  load: () => Promise<T>,
  opts: { presorted?: boolean } = {},
): Promise<T> {
  const defs = await indexDefs(tx, table);
  for (const d of defs) await tx.query(d.drop);
  const out = await load();
  await tx.query(`SET LOCAL maintenance_work_mem = '${BUILD_MEMORY}'`);
  // Rows that arrive in key order leave a parallel build nothing to share but its coordination (issue 23, stop 21:
  // 4 M presorted recommendations 7.5 → 5.1 server CPU s and 8.2 → 6.8 s wall without workers); unsorted ones gain.
  if (opts.presorted) await tx.query('SET LOCAL max_parallel_maintenance_workers = 0');
  for (const d of defs) {
    try {
      await tx.query(d.create);
    } catch (err) {
      throw duplicateKey(err, table) ?? err;
    }
  }
  return out;
}

/** The server's "could not create unique index" as the message an insert would have given (names the key). */
function duplicateKey(err: unknown, table: string): Error | null {
  const e = err as { code?: unknown; detail?: unknown; constraint?: unknown };
  if (!(err instanceof Error) || e.code !== '23505') return null;
  const detail = typeof e.detail === 'string' ? `: ${e.detail}` : '';
  return new StoreError(
    `duplicate key in ${table} found while building its keys after the bulk load${detail}`,
  );
}

/** Every index of `table` (the parent's, for a partitioned table) that nothing outside it depends on. */
async function indexDefs(tx: SqlQueryable, table: string): Promise<IndexDef[]> {
  const rows = await tx.query<{ name: string; def: string; con: string | null; condef: string | null }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def, c.conname AS con, pg_get_constraintdef(c.oid) AS condef
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
     WHERE x.indrelid = to_regclass($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = x.indexrelid)
     ORDER BY i.relname`,
    [table],
  );
  return rows.map((r) =>
    r.con !== null && r.condef !== null
      ? {
          name: r.name,
          drop: `ALTER TABLE ${table} DROP CONSTRAINT ${quoteIdent(r.con)}`,
          create: `ALTER TABLE ${table} ADD CONSTRAINT ${quoteIdent(r.con)} ${r.condef}`,
        }
      : // `ON ONLY` (a partitioned parent's index as printed) would build nothing in the partitions.
        {
          name: r.name,
          drop: `DROP INDEX ${quoteIdent(r.name)}`,
          create: r.def.replace(' ON ONLY ', ' ON '),
        },
  );
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
