import type {
  NewRating,
  RecommendationRow,
  UpsertCount,
  WriteRecommendationsOptions,
  WriteRecommendationsResult,
} from '../store.ts';
import { StoreError } from '../errors.ts';
import { tsColumn } from '../sql/rows.ts';
import type { ArangoDb } from './driver.ts';
import { edgeKey, encodeKey } from './keys.ts';
import { inTransaction, mergeAql, nextArangoSeq, runMerge } from './merge.ts';

/** Upserts one user's ratings (creating the user) in one stream transaction. */
export async function addArangoRatings(
  db: ArangoDb,
  userId: string,
  ratings: readonly NewRating[],
): Promise<UpsertCount> {
  const last = new Map<string, NewRating>();
  for (const r of ratings) last.set(r.itemId, r);
  const ids = [...last.keys()];
  return inTransaction(db, { write: ['users', 'ratings'], read: ['items'] }, async (trx) => {
    const missing = (await trx
      .step(() =>
        db.query('FOR k IN @keys FILTER DOCUMENT("items", k) == null RETURN k', { keys: ids.map(encodeKey) }),
      )
      .then((c) => c.all())) as string[];
    if (missing.length > 0)
      throw new StoreError(
        `unknown item${missing.length > 1 ? 's' : ''} ${missing
          .slice(0, 5)
          .map((m) => `'${decodeURIComponent(m)}'`)
          .join(', ')}`,
      );
    const uk = encodeKey(userId);
    const seq = await nextArangoSeq(db, trx, 'users');
    await runMerge(
      db,
      trx,
      mergeAql('@docs', []),
      { docs: [{ _key: uk, id: userId, attrs: null, seq }], '@live': 'users' },
      1,
    );
    const base = await nextArangoSeq(db, trx, 'ratings');
    const now = Math.floor(Date.now() / 1000);
    const docs = [...last.values()].map((r, k) => ({
      _key: edgeKey(uk, encodeKey(r.itemId)),
      _from: `users/${uk}`,
      _to: `items/${encodeKey(r.itemId)}`,
      user: userId,
      item: r.itemId,
      rating: Math.fround(r.rating),
      ts: tsColumn(r.timestamp ?? now),
      seq: base + k,
    }));
    return runMerge(db, trx, mergeAql('@docs', ['rating', 'ts']), { docs, '@live': 'ratings' }, docs.length);
  });
}

/** Replaces a model's recommendations (all, or only `opts.users`') in one stream transaction. */
export async function writeArangoRecommendations(
  db: ArangoDb,
  modelId: string,
  rows: readonly RecommendationRow[],
  opts: WriteRecommendationsOptions = {},
): Promise<WriteRecommendationsResult> {
  const users = opts.users;
  if (users !== undefined) {
    const allowed = new Set(users);
    for (const r of rows)
      if (!allowed.has(r.userId))
        throw new StoreError(`recommendation for user '${r.userId}' who is not in the users being replaced`);
  }
  return inTransaction(
    db,
    { write: ['recommendations'], read: ['models', 'users', 'items'] },
    async (trx) => {
      const model = (
        await trx
          .step(() => db.query('RETURN DOCUMENT("models", @k)', { k: encodeKey(modelId) }))
          .then((c) => c.all())
      )[0];
      if (model === null || model === undefined)
        throw new StoreError(`unknown model '${modelId}': register it with upsertModel first`);
      const filter = users === undefined ? 'r.model == @m' : 'r.model == @m AND r.user IN @users';
      const del = `LET gone = (FOR r IN recommendations FILTER ${filter} REMOVE r IN recommendations RETURN 1) RETURN LENGTH(gone)`;
      const deleted = ((
        await trx
          .step(() => db.query(del, users === undefined ? { m: modelId } : { m: modelId, users }))
          .then((c) => c.all())
      )[0] ?? 0) as number;
      const mk = encodeKey(modelId);
      for (let s = 0; s < rows.length; s += 10_000) {
        const docs = rows.slice(s, s + 10_000).map((r) => {
          const uk = encodeKey(r.userId);
          const ik = encodeKey(r.itemId);
          return {
            _key: edgeKey(mk, uk, String(r.rank)),
            _from: `users/${uk}`,
            _to: `items/${ik}`,
            model: modelId,
            user: r.userId,
            item: r.itemId,
            score: Math.fround(r.score),
            rank: r.rank,
          };
        });
        // Edges to missing vertices are allowed by ArangoDB; check them so it matches the SQL stores' foreign keys.
        const bad = (await trx
          .step(() =>
            db.query(
              'FOR d IN @docs FILTER DOCUMENT(d._from) == null OR DOCUMENT(d._to) == null LIMIT 1 RETURN d.item',
              { docs },
            ),
          )
          .then((c) => c.all())) as string[];
        if (bad.length > 0)
          throw new StoreError(`recommendation names an unknown user or item ('${bad[0]}')`);
        await trx.step(() => db.query('FOR d IN @docs INSERT d INTO recommendations', { docs }));
      }
      return { deleted, inserted: rows.length };
    },
  );
}
