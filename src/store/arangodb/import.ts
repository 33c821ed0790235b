import type { Dataset } from '../../data/types.ts';
import type { ImportCounts, ImportOptions } from '../store.ts';
import { silentProgress } from '../../util/progress.ts';
import { itemColumns, testTail, tsColumn, uniqueInteractions } from '../sql/rows.ts';
import type { ArangoDb } from './driver.ts';
import { edgeKey, encodeKey } from './keys.ts';
import { inTransaction, mergeAql, nextArangoSeq, runMerge } from './merge.ts';

/**
 * Imports a dataset in two steps. (1) Bulk `import` (`onDuplicate: "update"`) into fresh staging
 * collections, batch by batch: the HTTP import API is fast but not part of stream transactions.
 * (2) One stream transaction merges staging into `users`, `items` and `ratings` with AQL, so a
 * failure or kill leaves the live collections as they were (a kill may leave `gnnrec_staging_*`
 * collections behind; they hold no live data and can be dropped).
 */
export async function importArango(
  db: ArangoDb,
  ds: Dataset,
  opts: ImportOptions = {},
): Promise<ImportCounts> {
  const batch = opts.batchSize ?? 10_000;
  const progress = opts.progress ?? silentProgress;
  const tag = `gnnrec_staging_${process.pid}_${Date.now().toString(36)}`;
  const stage = { users: `${tag}_users`, items: `${tag}_items`, ratings: `${tag}_ratings` };
  const userIds = ds.users.toJSON();
  const itemIds = ds.items.toJSON();
  const uKeys = userIds.map(encodeKey);
  const iKeys = itemIds.map(encodeKey);
  await db.createCollection(stage.users);
  await db.createCollection(stage.items);
  await db.createEdgeCollection(stage.ratings); // edges: _from/_to are validated like the live ones
  try {
    const bases = {
      users: await nextArangoSeq(db, undefined, 'users'),
      items: await nextArangoSeq(db, undefined, 'items'),
      ratings: await nextArangoSeq(db, undefined, 'ratings'),
    };
    const load = async (
      name: keyof typeof stage,
      n: number,
      doc: (i: number) => Record<string, unknown>,
    ): Promise<void> => {
      for (let s = 0; s < n; s += batch) {
        const docs: Array<Record<string, unknown>> = [];
        for (let i = s; i < Math.min(n, s + batch); i++) docs.push(doc(i));
        await db.collection(stage[name]).import(docs, { onDuplicate: 'update', complete: true });
        progress.update(`staging ${name}`, Math.min(n, s + batch), n);
      }
    };
    await load('users', userIds.length, (i) => ({
      _key: uKeys[i],
      id: userIds[i],
      attrs: null,
      seq: bases.users + i,
    }));
    await load('items', itemIds.length, (i) => {
      const c = itemColumns(ds.itemMeta[i]);
      return {
        _key: iKeys[i],
        id: itemIds[i],
        title: c.title,
        attrs: JSON.parse(c.attrs) as unknown,
        seq: bases.items + i,
      };
    });
    const keep = uniqueInteractions(ds);
    const { user, item, rating, timestamp } = ds.interactions;
    await load('ratings', keep.length, (k) => {
      const i = keep[k]!;
      const u = user[i]!;
      const it = item[i]!;
      return {
        _key: edgeKey(uKeys[u]!, iKeys[it]!),
        _from: `users/${uKeys[u]}`,
        _to: `items/${iKeys[it]}`,
        user: userIds[u],
        item: itemIds[it],
        rating: rating[i],
        ts: tsColumn(timestamp?.[i]),
        seq: bases.ratings + k,
      };
    });
    progress.end();
    return await inTransaction(
      db,
      { read: Object.values(stage), write: ['users', 'items', 'ratings', 'meta'] },
      async (trx) => {
        const users = await runMerge(
          db,
          trx,
          mergeAql('@@stage', []),
          { '@stage': stage.users, '@live': 'users' },
          userIds.length,
        );
        const items = await runMerge(
          db,
          trx,
          mergeAql('@@stage', ['title', 'attrs']),
          { '@stage': stage.items, '@live': 'items' },
          itemIds.length,
        );
        const interactions = await runMerge(
          db,
          trx,
          mergeAql('@@stage', ['rating', 'ts']),
          { '@stage': stage.ratings, '@live': 'ratings' },
          keep.length,
        );
        // The provided split as a seq range, exactly as the SQL stores keep it (sql/import.ts).
        const tail = testTail(ds, keep);
        let testSeq: [number, number] | null = null;
        if (tail !== null && interactions.inserted === keep.length)
          testSeq = [bases.ratings + tail[0], bases.ratings + tail[1]];
        else if (tail !== null && interactions.inserted === 0) {
          const old = (
            await trx
              .step(() => db.query('FOR m IN meta FILTER m._key == "dataset" RETURN m.value.testSeq', {}))
              .then((c) => c.all())
          )[0];
          testSeq = (old as [number, number] | null | undefined) ?? null;
        }
        const value = { name: ds.name, format: ds.format, ratingRange: ds.ratingRange, testSeq };
        await trx.step(() =>
          db.query(
            'UPSERT { _key: "dataset" } INSERT { _key: "dataset", value: @v } UPDATE { value: @v } IN meta',
            { v: value },
          ),
        );
        return { users, items, interactions };
      },
    );
  } finally {
    for (const c of Object.values(stage))
      await db
        .collection(c)
        .drop()
        .catch(() => {});
  }
}
