import type { SqlQueryable } from './client.ts';
import type { RecommendationLists } from '../store.ts';
import { withIndexesRebuilt } from './rebuild-indexes.ts';
import { copyByUser } from './copy-partitions.ts';
import { listChunks } from './import-copy.ts';

/**
 * Other models' rows that may be set aside and written back around a TRUNCATE, per row of the lists being written:
 * above it the row-by-row DELETE is the cheaper replace (issue 23, stop 21, 4 M rows: a row replaced through DELETE
 * costs the server ≈ 8.6 CPU µs, through the bulk path ≈ 1.7, and a row set aside and written back roughly 2.5).
 */
const KEEP_PER_WRITTEN_ROW = 2;

/**
 * Replaces all of `modelId`'s recommendations by what `load` COPYs, without a row-by-row DELETE: the other models'
 * rows (when there are at most `KEEP_PER_WRITTEN_ROW` × `rows` of them) go to a temporary table, `recommendations` is
 * truncated, its keys dropped, the kept rows and the COPY written, the keys built once (`sorted`: `load` writes each
 * partition's rows in key order, as `copyLists` does) — in the caller's transaction, so a failure restores
 * everything. Returns how many of the model's rows were replaced, or null (nothing done) when the other models' rows
 * are too many and the caller should DELETE instead. TRUNCATE takes the table's exclusive lock until commit: readers
 * of any model's lists wait for the write-back (the DELETE path would let them read on).
 */
export async function replaceInBulk(
  tx: SqlQueryable,
  modelId: string,
  rows: number,
  load: () => Promise<number>,
  sorted: boolean,
): Promise<number | null> {
  const limit = KEEP_PER_WRITTEN_ROW * Math.max(rows, 1);
  const kept = await otherRows(tx, modelId, limit);
  if (kept > limit) return null;
  const [own] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM recommendations WHERE model_id = $1',
    [modelId],
  );
  if (kept > 0)
    await tx.query(
      `CREATE TEMP TABLE gnnrec_kept_recommendations ON COMMIT DROP AS
       SELECT * FROM recommendations WHERE model_id <> $1`,
      [modelId],
    );
  await tx.query('TRUNCATE recommendations');
  // Kept rows of models before `modelId` in key order, the COPY, then those after it: each partition's rows arrive in
  // primary-key order (copyLists), so the key's build after the load finds them sorted.
  const reinsert = (side: '<' | '>'): Promise<unknown> =>
    tx.query(
      `INSERT INTO recommendations SELECT * FROM gnnrec_kept_recommendations WHERE model_id ${side} $1
       ORDER BY model_id, user_id, rank`,
      [modelId],
    );
  await withIndexesRebuilt(
    tx,
    'recommendations',
    async () => {
      if (kept > 0) await reinsert('<');
      const n = await load();
      if (kept > 0) {
        await reinsert('>');
        await tx.query('DROP TABLE gnnrec_kept_recommendations');
      }
      return n;
    },
    { presorted: sorted },
  );
  return own?.n ?? 0;
}

/** Rows of other models than `modelId`, counted up to `limit` + 1 (the primary key's leading column probed first). */
async function otherRows(tx: SqlQueryable, modelId: string, limit: number): Promise<number> {
  const [probe] = await tx.query<{ other: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM recommendations WHERE model_id < $1)
         OR EXISTS (SELECT 1 FROM recommendations WHERE model_id > $1) AS other`,
    [modelId],
  );
  if (probe?.other !== true) return 0;
  // Bounded: a table full of other models' lists is not counted to the end just to take the DELETE path.
  const [n] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM recommendations WHERE model_id <> $1 LIMIT $2) o`,
    [modelId, limit + 1],
  );
  return n?.n ?? 0;
}

/**
 * COPYs columnar lists into `recommendations` straight into each user's partition, users in id order (byte order for
 * ASCII ids) so that each partition's rows arrive in primary-key order and the key built after the load finds them
 * sorted. Returns the rows written.
 */
export function copyLists(
  tx: SqlQueryable,
  copy: NonNullable<SqlQueryable['copyFrom']>,
  modelId: string,
  lists: RecommendationLists,
): Promise<number> {
  // UTF-16 order, which is the server's byte order for ids below U+D800 (else the build just sorts as it would).
  const byId = Int32Array.from(lists.userIds.keys());
  byId.sort((a, b) =>
    lists.userIds[a]! < lists.userIds[b]! ? -1 : lists.userIds[a]! > lists.userIds[b]! ? 1 : 0,
  );
  return copyByUser(
    tx,
    copy,
    'recommendations',
    'model_id, user_id, item_id, score, rank',
    lists.userIds,
    byId.length,
    (r) => byId[r]!,
    (order) => listChunks(modelId, lists, order === null ? byId : order.map((r) => byId[r]!)),
  );
}
