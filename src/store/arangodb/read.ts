import type { Dataset, ItemMeta } from '../../data/types.ts';
import { IdMap } from '../../data/idmap.ts';
import type { Progress } from '../../util/progress.ts';
import { silentProgress } from '../../util/progress.ts';
import { itemMetaOf } from '../sql/rows.ts';
import { complementSplit } from '../sql/read.ts';
import type { ArangoDb } from './driver.ts';

/** Reads the graph in import order through streaming AQL cursors (no full result in server memory). */
export async function readArango(db: ArangoDb, progress: Progress = silentProgress): Promise<Dataset> {
  const stream = { stream: true, batchSize: 10_000 };
  const meta = ((
    await (await db.query('FOR m IN meta FILTER m._key == "dataset" RETURN m.value', {})).all()
  )[0] ?? {}) as {
    name?: string;
    format?: string;
    ratingRange?: [number, number] | null;
    testSeq?: [number, number] | null;
  };
  const users = new IdMap();
  for await (const id of await db.query('FOR u IN users SORT u.seq RETURN u.id', {}, stream))
    users.add(id as string);
  const items = new IdMap();
  const itemMeta: ItemMeta[] = [];
  for await (const row of await db.query(
    'FOR i IN items SORT i.seq RETURN [i.id, i.title, i.attrs]',
    {},
    stream,
  )) {
    const [id, title, attrs] = row as [string, string | null, unknown];
    items.add(id);
    itemMeta.push(itemMetaOf(title ?? null, attrs));
  }
  const u: number[] = [];
  const it: number[] = [];
  const r: number[] = [];
  const ts: number[] = [];
  let anyTs = false;
  const testSeq = meta.testSeq ?? null;
  const test: number[] = [];
  for await (const row of await db.query(
    'FOR e IN ratings SORT e.seq RETURN [e.user, e.item, e.rating, e.ts, e.seq]',
    {},
    stream,
  )) {
    const [uid, iid, rating, t, seq] = row as [string, string, number, number | null, number];
    if (testSeq !== null && seq >= testSeq[0] && seq < testSeq[1]) test.push(u.length);
    u.push(users.get(uid)!);
    it.push(items.get(iid)!);
    r.push(rating);
    ts.push(t ?? NaN);
    if (t !== null) anyTs = true;
    if (u.length % 50_000 === 0) progress.update('read interactions', u.length);
  }
  progress.end();
  const ds: Dataset = {
    name: meta.name ?? 'store',
    format: meta.format ?? 'store',
    users,
    items,
    interactions: {
      user: Int32Array.from(u),
      item: Int32Array.from(it),
      rating: Float32Array.from(r),
      timestamp: anyTs ? Float64Array.from(ts) : null,
    },
    itemMeta,
    ratingRange: meta.ratingRange ?? null,
  };
  if (testSeq !== null) ds.providedSplit = complementSplit(u.length, test);
  return ds;
}
