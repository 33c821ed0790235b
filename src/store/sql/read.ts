import type { Dataset, ItemMeta } from '../../data/types.ts';
import { IdMap } from '../../data/idmap.ts';
import type { Progress } from '../../util/progress.ts';
import { silentProgress } from '../../util/progress.ts';
import type { SqlQueryable } from './client.ts';
import { itemMetaOf } from './rows.ts';
import { StoreError } from '../errors.ts';

/** Interactions fetched per `FETCH` of the scan's cursor: keeps the client's memory for rows flat on big stores. */
const PAGE = 50_000;

/** The interactions as columns, `k` of them, in import order; `seq` of each when it is not `lo + position`. */
interface Columns {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  timestamp: Float64Array;
  anyTs: boolean;
  seq: Float64Array | null;
  k: number;
}

interface DatasetMeta {
  name?: string;
  format?: string;
  ratingRange?: [number, number] | null;
  /** `[from, to)` seq range of the provided split's test part (see import.ts). */
  testSeq?: [number, number] | null;
}

/**
 * Reads the graph in import order (`seq`), the order `importDataset` received it in. The interactions come from one
 * sequential scan (a cursor, no ORDER BY) and are put in `seq` order here: the server keeps no index on `seq`, whose
 * build cost a 10⁷-row import ≈ 4 of its 25 server CPU s (issue 23).
 */
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

  // One scan for the count and the `seq` span: whether the import order is `seq - lo` (no gaps, the usual case).
  const [span] = await db.query<{ n: number; lo: number | null; hi: number | null }>(
    'SELECT count(*)::int AS n, min(seq)::float8 AS lo, max(seq)::float8 AS hi FROM interactions',
  );
  const n = span?.n ?? 0;
  const lo = span?.lo ?? 0;
  const hi = span?.hi ?? -1;
  const cols =
    (hi - lo + 1 === n ? await scanInteractions(db, n, users, items, lo, progress) : null) ??
    sortBySeq(await scanInteractions(db, n, users, items, null, progress), lo, hi);
  const k = cols.k;
  progress.end();
  const testSeq = meta.testSeq ?? null;
  const test: number[] = [];
  for (let j = 0; testSeq !== null && j < k; j++) {
    const s = cols.seq === null ? lo + j : cols.seq[j]!;
    if (s >= testSeq[0] && s < testSeq[1]) test.push(j);
  }
  const { user, item, rating, timestamp } = cols;

  const ds: Dataset = {
    name: meta.name ?? 'store',
    format: meta.format ?? 'store',
    users,
    items,
    interactions: {
      user: user.subarray(0, k),
      item: item.subarray(0, k),
      rating: rating.subarray(0, k),
      timestamp: cols.anyTs ? timestamp.subarray(0, k) : null,
    },
    itemMeta,
    ratingRange: meta.ratingRange ?? null,
  };
  if (testSeq !== null) ds.providedSplit = complementSplit(k, test);
  return ds;
}

/**
 * Reads every interaction through a cursor over a plain scan. `dense` = the smallest `seq` when the `seq` values are
 * known to span exactly `n` numbers: each row then goes straight to position `seq - dense`, and a repeated `seq`
 * returns null (the caller scans again without it). Without `dense` rows stay in scan order with their `seq`.
 */
async function scanInteractions(
  db: SqlQueryable,
  n: number,
  users: IdMap,
  items: IdMap,
  dense: number | null,
  progress: Progress,
): Promise<Columns | null> {
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  const seq = dense === null ? new Float64Array(n) : null;
  const filled = dense === null ? null : new Uint8Array(n);
  let anyTs = false;
  let k = 0;
  await db.query(
    `DECLARE gnnrec_interactions NO SCROLL CURSOR FOR
     SELECT user_id, item_id, rating, ts::float8 AS ts, seq::float8 AS seq FROM interactions`,
  );
  for (;;) {
    const rows = await db.query<{
      user_id: string;
      item_id: string;
      rating: number;
      ts: number | null;
      seq: number;
    }>(`FETCH FORWARD ${PAGE} FROM gnnrec_interactions`);
    for (const r of rows) {
      if (k >= n) break; // one snapshot: the scan sees the rows the count saw
      const u = users.get(r.user_id);
      const i = items.get(r.item_id);
      // interactions has no foreign keys (see schema.ts), so say so loudly rather than mis-index.
      if (u === undefined || i === undefined)
        throw new StoreError(`interaction (${r.user_id}, ${r.item_id}) names an unknown user or item`);
      let at = k;
      if (filled !== null) {
        at = r.seq - dense!;
        if (filled[at] === 1) return closed(db, null);
        filled[at] = 1;
      } else seq![k] = r.seq;
      user[at] = u;
      item[at] = i;
      rating[at] = r.rating;
      if (r.ts === null) timestamp[at] = NaN;
      else {
        timestamp[at] = r.ts;
        anyTs = true;
      }
      k++;
    }
    progress.update('read interactions', k, n);
    if (rows.length < PAGE || k >= n) break;
  }
  // Not in a `finally`: after a failed FETCH the transaction is aborted and rolls the cursor back itself.
  if (filled !== null && k < n) return closed(db, null);
  return closed(db, { user, item, rating, timestamp, anyTs, seq, k });
}

async function closed<T>(db: SqlQueryable, out: T): Promise<T> {
  await db.query('CLOSE gnnrec_interactions');
  return out;
}

/**
 * The scanned columns put in `seq` order (ties keep scan order): an LSD radix sort of `seq - lo` by 16-bit digits —
 * linear whatever the gaps left by updates and re-imports, and no comparison callback per row.
 */
function sortBySeq(c: Columns | null, lo: number, hi: number): Columns {
  if (c === null || c.seq === null) throw new StoreError('internal: a scan without seq cannot be sorted');
  const n = c.k;
  const seq = c.seq;
  let order = new Int32Array(n);
  for (let j = 0; j < n; j++) order[j] = j;
  let next = new Int32Array(n);
  const count = new Int32Array(1 << 16);
  for (let div = 1; div === 1 || hi - lo >= div; div *= 1 << 16) {
    count.fill(0);
    // ToInt32 keeps the low 32 bits of the quotient (exact below 2⁵³), so `& 0xffff` is this pass's digit.
    for (let j = 0; j < n; j++) count[Math.floor((seq[order[j]!]! - lo) / div) & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < count.length; d++) {
      const c0 = count[d]!;
      count[d] = sum;
      sum += c0;
    }
    for (let j = 0; j < n; j++) next[count[Math.floor((seq[order[j]!]! - lo) / div) & 0xffff]!++] = order[j]!;
    [order, next] = [next, order];
  }
  return {
    user: permute(c.user.subarray(0, n), order, new Int32Array(n)),
    item: permute(c.item.subarray(0, n), order, new Int32Array(n)),
    rating: permute(c.rating.subarray(0, n), order, new Float32Array(n)),
    timestamp: permute(c.timestamp.subarray(0, n), order, new Float64Array(n)),
    anyTs: c.anyTs,
    seq: permute(seq.subarray(0, n), order, new Float64Array(n)),
    k: n,
  };
}

function permute<A extends Int32Array | Float32Array | Float64Array>(from: A, order: Int32Array, to: A): A {
  for (let j = 0; j < order.length; j++) to[j] = from[order[j]!]!;
  return to;
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
