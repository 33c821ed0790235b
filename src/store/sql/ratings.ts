import type { NewRating, StoredRating, UpsertCount } from '../store.ts';
import { StoreError } from '../errors.ts';
import type { SqlQueryable } from './client.ts';
import { INTERACTIONS_SQL, addCount, nextSeq } from './import.ts';
import { tsColumn } from './rows.ts';
import { reserveInteractionSeq } from './seq.ts';

/** Upserts one user's ratings (creating the user) inside the caller's transaction. */
export async function upsertUserRatings(
  tx: SqlQueryable,
  userId: string,
  ratings: readonly NewRating[],
): Promise<UpsertCount> {
  const last = new Map<string, NewRating>();
  for (const r of ratings) {
    if (!Number.isFinite(r.rating)) throw new StoreError(`rating of item '${r.itemId}' is not a number`);
    last.set(r.itemId, r);
  }
  const ids = [...last.keys()];
  const known = await tx.query<{ id: string }>('SELECT id FROM items WHERE id = ANY($1::text[])', [ids]);
  if (known.length < ids.length) {
    const have = new Set(known.map((r) => r.id));
    const missing = ids.filter((id) => !have.has(id));
    throw new StoreError(
      `unknown item${missing.length > 1 ? 's' : ''} ${missing
        .slice(0, 5)
        .map((m) => `'${m}'`)
        .join(', ')}`,
    );
  }
  const seq = await nextSeq(tx, 'users');
  await tx.query('INSERT INTO users (id, attrs, seq) VALUES ($1, NULL, $2) ON CONFLICT (id) DO NOTHING', [
    userId,
    seq,
  ]);
  const now = Math.floor(Date.now() / 1000);
  const rows = [...last.values()];
  const [c] = await tx.query<{ inserted: number; updated: number }>(INTERACTIONS_SQL, [
    rows.map(() => userId),
    ids,
    rows.map((r) => r.rating),
    rows.map((r) => tsColumn(r.timestamp ?? now)),
    await reserveInteractionSeq(tx, rows.length),
  ]);
  const total: UpsertCount = { inserted: 0, updated: 0, unchanged: 0 };
  addCount(total, c, rows.length);
  return total;
}

/** One user's ratings in import order. */
export async function selectUserRatings(db: SqlQueryable, userId: string): Promise<StoredRating[]> {
  const rows = await db.query<{ item_id: string; rating: number; ts: number | null }>(
    'SELECT item_id, rating, ts::float8 AS ts FROM interactions WHERE user_id = $1 ORDER BY seq',
    [userId],
  );
  return rows.map((r) => ({ itemId: r.item_id, rating: r.rating, timestamp: r.ts }));
}
