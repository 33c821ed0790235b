import type { UpsertCount } from '../store.ts';
import type { ArangoDb, ArangoTrx } from './driver.ts';

/**
 * AQL that upserts documents from `source` (`@docs` or a staging collection `@@stage`) into `@@live`,
 * skipping unchanged ones and keeping the stored `seq`; returns [inserted, updated].
 */
export function mergeAql(source: '@docs' | '@@stage', compare: readonly string[]): string {
  const changed = compare.map((f) => `old.${f} != d.${f}`).join(' OR ');
  return `LET r = (
  FOR d IN ${source}
    LET old = DOCUMENT(@@live, d._key)
    FILTER old == null OR ${changed || 'false'}
    INSERT MERGE(UNSET(d, "_id", "_rev"), { seq: old == null ? d.seq : old.seq }) INTO @@live OPTIONS { overwriteMode: "update", keepNull: true, mergeObjects: false }
    RETURN old == null)
RETURN [LENGTH(r[* FILTER CURRENT]), LENGTH(r[* FILTER !CURRENT])]`;
}

/** Runs one merge inside a stream transaction and turns its answer into counts for `total` documents. */
export async function runMerge(
  db: ArangoDb,
  trx: ArangoTrx,
  aqlText: string,
  bind: Record<string, unknown>,
  total: number,
): Promise<UpsertCount> {
  const rows = (await trx.step(() => db.query(aqlText, bind)).then((c) => c.all())) as Array<
    [number, number]
  >;
  const [inserted, updated] = rows[0] ?? [0, 0];
  return { inserted, updated, unchanged: total - inserted - updated };
}

/** Next free `seq` of a collection. */
export async function nextArangoSeq(
  db: ArangoDb,
  trx: ArangoTrx | undefined,
  collection: string,
): Promise<number> {
  const q = () => db.query('FOR d IN @@c SORT d.seq DESC LIMIT 1 RETURN d.seq', { '@c': collection });
  const rows = (await (trx ? trx.step(q) : q()).then((c) => c.all())) as number[];
  return rows.length === 0 ? 0 : rows[0]! + 1;
}

/** Runs `fn` in a stream transaction: committed when it resolves, aborted when it throws. */
export async function inTransaction<T>(
  db: ArangoDb,
  collections: { read?: string[]; write: string[] },
  fn: (trx: ArangoTrx) => Promise<T>,
): Promise<T> {
  const trx = await db.beginTransaction(collections);
  try {
    const out = await fn(trx);
    await trx.commit();
    return out;
  } catch (err) {
    await trx.abort().catch(() => {});
    throw err;
  }
}
