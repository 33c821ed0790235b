import type {
  RecommendationLists,
  RecommendationRow,
  WriteRecommendationsOptions,
  WriteRecommendationsResult,
} from '../store.ts';
import { StoreError } from '../errors.ts';
import type { SqlQueryable } from './client.ts';
import { listChunks, recommendationChunks } from './import-copy.ts';
import { isLists, listedItems, listedRows, listedUsers, listRows } from './lists.ts';
import { copyLists, replaceInBulk } from './replace-bulk.ts';

const INSERT_BATCH = 10_000;

/**
 * Replaces a model's recommendations (all users, or only `opts.users`) inside the caller's transaction; `input` may
 * be columnar lists (every user's, replacing all the model's rows), which reach the COPY text without row objects.
 */
export async function replaceRecommendations(
  tx: SqlQueryable,
  modelId: string,
  input: readonly RecommendationRow[] | RecommendationLists,
  opts: WriteRecommendationsOptions = {},
): Promise<WriteRecommendationsResult> {
  const lists = isLists(input) ? input : null;
  const given = isLists(input) ? [] : input;
  if (lists && opts.users !== undefined)
    throw new StoreError('columnar lists replace every user of the model');
  const [model] = await tx.query<{ id: string }>('SELECT id FROM models WHERE id = $1', [modelId]);
  if (model === undefined)
    throw new StoreError(`unknown model '${modelId}': register it with upsertModel first`);
  // Named ids instead of a foreign-key violation: a model trained on other data than the store's shows here.
  for (const [table, noun, ids] of [
    ['users', 'user', lists ? listedUsers(lists) : new Set(given.map((r) => r.userId))],
    ['items', 'item', lists ? listedItems(lists) : new Set(given.map((r) => r.itemId))],
  ] as const) {
    const missing = await tx.query<{ id: string }>(
      `SELECT x AS id FROM unnest($1::text[]) AS x WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = x) LIMIT 5`,
      [[...ids]],
    );
    if (missing.length > 0) {
      throw new StoreError(
        `recommendation for unknown ${noun}${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m.id}'`).join(', ')} (not in the store)`,
      );
    }
  }
  // A server replacing a model's lists: TRUNCATE instead of a row-by-row DELETE, and the primary key built once after
  // the COPY (issue 23: 4·10⁷ rows at 10⁸). Other models' lists, when there are few enough, are set aside and written
  // back (replace-bulk.ts). Readers of `recommendations` wait for this transaction there.
  if (tx.copyFrom && opts.users === undefined) {
    const copy = tx.copyFrom.bind(tx);
    const rows = lists ? listedRows(lists) : given.length;
    const bulk = await replaceInBulk(
      tx,
      modelId,
      rows,
      () =>
        lists
          ? copyLists(tx, copy, modelId, lists)
          : copy(
              'COPY recommendations (model_id, user_id, item_id, score, rank) FROM STDIN',
              recommendationChunks(modelId, given),
            ),
      lists !== null,
    );
    if (bulk !== null) return { deleted: bulk, inserted: rows };
  }
  let deleted: { n: number } | undefined;
  if (opts.users === undefined) {
    [deleted] = await tx.query<{ n: number }>(
      'WITH d AS (DELETE FROM recommendations WHERE model_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d',
      [modelId],
    );
  } else {
    const allowed = new Set(opts.users);
    for (const r of given) {
      if (!allowed.has(r.userId))
        throw new StoreError(`recommendation for user '${r.userId}' who is not in the users being replaced`);
    }
    [deleted] = await tx.query<{ n: number }>(
      `WITH d AS (DELETE FROM recommendations WHERE model_id = $1 AND user_id = ANY($2::text[]) RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [modelId, [...allowed]],
    );
  }
  // A PostgreSQL server takes the lists as one streaming COPY (issue 23: 10⁷–10⁸ rows of `recommend --all`).
  if (tx.copyFrom) {
    await tx.copyFrom(
      'COPY recommendations (model_id, user_id, item_id, score, rank) FROM STDIN',
      lists ? listChunks(modelId, lists) : recommendationChunks(modelId, given),
    );
    return { deleted: deleted?.n ?? 0, inserted: lists ? listedRows(lists) : given.length };
  }
  const rows = lists ? listRows(lists) : given;
  for (let s = 0; s < rows.length; s += INSERT_BATCH) {
    const part = rows.slice(s, s + INSERT_BATCH);
    await tx.query(
      `INSERT INTO recommendations (model_id, user_id, item_id, score, rank)
       SELECT $1, u.user_id, u.item_id, u.score, u.rank FROM unnest($2::text[], $3::text[], $4::real[], $5::int[]) AS u(user_id, item_id, score, rank)`,
      [
        modelId,
        part.map((r) => r.userId),
        part.map((r) => r.itemId),
        part.map((r) => r.score),
        part.map((r) => r.rank),
      ],
    );
  }
  return { deleted: deleted?.n ?? 0, inserted: rows.length };
}

/** The first `k` recommendations of a user under a model. */
export async function selectRecommendations(
  db: SqlQueryable,
  modelId: string,
  userId: string,
  k: number,
): Promise<RecommendationRow[]> {
  const rows = await db.query<{ item_id: string; score: number; rank: number }>(
    `SELECT item_id, score, rank FROM recommendations WHERE model_id = $1 AND user_id = $2 ORDER BY rank LIMIT $3`,
    [modelId, userId, k],
  );
  return rows.map((r) => ({ userId, itemId: r.item_id, score: r.score, rank: r.rank }));
}
