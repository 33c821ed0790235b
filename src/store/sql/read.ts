import type { Dataset, ItemMeta } from '../../data/types.ts';
import { IdMap } from '../../data/idmap.ts';
import type { Progress } from '../../util/progress.ts';
import { silentProgress } from '../../util/progress.ts';
import type { SqlQueryable } from './client.ts';
import { itemMetaOf } from './rows.ts';
import { StoreError } from '../errors.ts';

/** Interactions fetched per query; keyset pagination on `seq` keeps memory flat on big stores. */
const PAGE = 50_000;

interface DatasetMeta {
  name?: string;
  format?: string;
  ratingRange?: [number, number] | null;
  /** `[from, to)` seq range of the provided split's test part (see import.ts). */
  testSeq?: [number, number] | null;
}

/** Reads the graph in import order (`seq`), the order `importDataset` received it in. */
export async function readRows(db: SqlQueryable, progress: Progress = silentProgress): Promise<Dataset> {
  const [metaRow] = await db.query<{ value: DatasetMeta }>(`SELECT value FROM meta WHERE key = 'dataset'`);
  const meta = metaRow?.value ?? {};

  const users = new IdMap();
  for (const r of await db.query<{ id: string }>('SELECT id FROM users ORDER BY seq, id')) users.add(r.id);
  const items = new IdMap();
  const itemMeta: ItemMeta[] = [];
  for (const r of await db.query<{ id: string; title: string | null; attrs: unknown }>(
    'SELECT id, title, attrs FROM items ORDER BY seq, id',
  )) {
    items.add(r.id);
    itemMeta.push(itemMetaOf(r.title, r.attrs));
  }

  const [countRow] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM interactions');
  const n = countRow?.n ?? 0;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  let anyTs = false;
  const testSeq = meta.testSeq ?? null;
  const test: number[] = [];
  let k = 0;
  let after = -1;
  for (;;) {
    const rows = await db.query<{
      user_id: string;
      item_id: string;
      rating: number;
      ts: number | null;
      seq: number;
    }>(
      `SELECT user_id, item_id, rating, ts::float8 AS ts, seq::float8 AS seq
       FROM interactions WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, PAGE],
    );
    for (const r of rows) {
      if (k >= n) break; // rows committed after the count are left for the next read
      const u = users.get(r.user_id);
      const i = items.get(r.item_id);
      // interactions has no foreign keys (see schema.ts), so say so loudly rather than mis-index.
      if (u === undefined || i === undefined)
        throw new StoreError(`interaction (${r.user_id}, ${r.item_id}) names an unknown user or item`);
      user[k] = u;
      item[k] = i;
      if (testSeq !== null && r.seq >= testSeq[0] && r.seq < testSeq[1]) test.push(k);
      rating[k] = r.rating;
      if (r.ts === null) timestamp[k] = NaN;
      else {
        timestamp[k] = r.ts;
        anyTs = true;
      }
      k++;
    }
    progress.update('read interactions', k, n);
    if (rows.length < PAGE || k >= n) break;
    after = rows[rows.length - 1]!.seq;
  }
  progress.end();

  const ds: Dataset = {
    name: meta.name ?? 'store',
    format: meta.format ?? 'store',
    users,
    items,
    interactions: {
      user: user.subarray(0, k),
      item: item.subarray(0, k),
      rating: rating.subarray(0, k),
      timestamp: anyTs ? timestamp.subarray(0, k) : null,
    },
    itemMeta,
    ratingRange: meta.ratingRange ?? null,
  };
  if (testSeq !== null) ds.providedSplit = complementSplit(k, test);
  return ds;
}

/** A provided split from its sorted test indices: train is every other interaction index. */
export function complementSplit(n: number, test: readonly number[]): { train: Int32Array; test: Int32Array } {
  const train = new Int32Array(n - test.length);
  let t = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    if (test[j] === k) j++;
    else train[t++] = k;
  }
  return { train, test: Int32Array.from(test) };
}
