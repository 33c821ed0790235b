import type { Dataset } from '../../data/types.ts';
import type { Progress } from '../../util/progress.ts';
import type { RecommendationLists, RecommendationRow } from '../store.ts';
import { copyText } from '../postgres/copy.ts';
import { tsColumn } from './rows.ts';
import { NUMBER_BYTES, type PackedIds, packIds, putId, putNumber } from './copy-bytes.ts';

/** Rows per COPY chunk message batch (~1–2 MB of text): bounds memory whatever the dataset size. */
const CHUNK_ROWS = 32_768;

/**
 * Rows of `interactions` in COPY text format, `keep[k]` for the positions `k` of `order` (all of `keep` when null) in
 * that order with `seq` = `base + k`, as ~1 MB chunks made on demand (a generator: COPY pulls the next chunk only when
 * the socket has drained, so 10⁸ rows never sit in memory as text). Ids come escaped (`escapedIds`), once per distinct
 * id, not per row; progress counts from `done` rows.
 */
export function* interactionChunks(
  ds: Dataset,
  keep: Int32Array,
  base: number,
  progress: Progress,
  order: Int32Array | null = null,
  done = 0,
  { users, items } = escapedIds(ds),
): Generator<Buffer> {
  const { user, item, rating, timestamp } = ds.interactions;
  const n = order === null ? keep.length : order.length;
  const rowBytes = users.longest + items.longest + 3 * NUMBER_BYTES + 5;
  // Ratings take few values: their text is made once each (the same `String` of the float32 as before).
  const ratings = new Map<number, Buffer>();
  for (let s = 0; s < n; s += CHUNK_ROWS) {
    const e = Math.min(n, s + CHUNK_ROWS);
    const buf = Buffer.allocUnsafe(rowBytes * (e - s));
    let o = 0;
    for (let j = s; j < e; j++) {
      const k = order === null ? j : order[j]!;
      const i = keep[k]!;
      o = putId(buf, o, users, user[i]!);
      buf[o++] = TAB;
      o = putId(buf, o, items, item[i]!);
      buf[o++] = TAB;
      const r = rating[i]!;
      let text = ratings.get(r);
      if (text === undefined) ratings.set(r, (text = Buffer.from(String(r), 'latin1')));
      o += text.copy(buf, o);
      buf[o++] = TAB;
      const ts = tsColumn(timestamp?.[i]);
      if (ts === null) {
        buf[o++] = BACKSLASH;
        buf[o++] = N;
      } else o = putNumber(buf, o, ts);
      buf[o++] = TAB;
      o = putNumber(buf, o, base + k);
      buf[o++] = NEWLINE;
    }
    progress.update('interactions', done + e, keep.length);
    yield buf.subarray(0, o);
  }
}

/** A dataset's user and item ids escaped for COPY text and packed, by dense index (made once, shared by several COPYs). */
export function escapedIds(ds: Dataset): { users: PackedIds; items: PackedIds } {
  return { users: packIds(ds.users.toJSON().map(copyText)), items: packIds(ds.items.toJSON().map(copyText)) };
}

const [TAB, NEWLINE, BACKSLASH, N] = [9, 10, 92, 78];

/** Rows of `users` (`id, attrs, seq`; attrs null) in COPY text format, in dense order with `seq` from `base`. */
export function* userChunks(ds: Dataset, base: number): Generator<Buffer> {
  const ids = ds.users.toJSON();
  for (let s = 0; s < ids.length; s += CHUNK_ROWS) {
    let text = '';
    for (let k = s; k < Math.min(ids.length, s + CHUNK_ROWS); k++)
      text += `${copyText(ids[k]!)}\t\\N\t${base + k}\n`;
    yield Buffer.from(text, 'utf8');
  }
}

/** Whether `table` has no rows (a bulk COPY into it can then only insert). */
export const EMPTY_SQL = (table: 'users' | 'interactions'): string =>
  `SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`;

/** Rows of `recommendations` under `modelId` in COPY text format, as ~1 MB chunks made on demand. */
export function* recommendationChunks(
  modelId: string,
  rows: readonly RecommendationRow[],
): Generator<Buffer> {
  const model = copyText(modelId);
  for (let s = 0; s < rows.length; s += CHUNK_ROWS) {
    let text = '';
    for (let k = s; k < Math.min(rows.length, s + CHUNK_ROWS); k++) {
      const r = rows[k]!;
      text += `${model}\t${copyText(r.userId)}\t${copyText(r.itemId)}\t${r.score}\t${r.rank}\n`;
    }
    yield Buffer.from(text, 'utf8');
  }
}

/**
 * Columnar top-K lists under `modelId` in COPY text format, ~1 MB chunks made on demand straight from the typed
 * arrays (user and item ids escaped once each, lazily), the same text `recommendationChunks` makes of their rows; only
 * the users (list rows) in `users`, in that order, when given.
 */
export function* listChunks(
  modelId: string,
  l: RecommendationLists,
  users: Int32Array | null = null,
): Generator<Buffer> {
  const model = copyText(modelId);
  const items: Array<string | undefined> = new Array<string | undefined>(l.itemIds.length);
  const n = users === null ? l.userIds.length : users.length;
  const step = Math.max(1, Math.floor(CHUNK_ROWS / Math.max(1, l.k)));
  for (let s = 0; s < n; s += step) {
    let text = '';
    for (let j = s; j < Math.min(n, s + step); j++) {
      const r = users === null ? j : users[j]!;
      const head = `${model}\t${copyText(l.userIds[r]!)}\t`;
      for (let p = 0; p < l.k; p++) {
        const i = l.items[r * l.k + p]!;
        if (i < 0) continue;
        const id = (items[i] ??= copyText(l.itemIds[i]!));
        text += `${head}${id}\t${l.scores[r * l.k + p]!}\t${p + 1}\n`;
      }
    }
    yield Buffer.from(text, 'utf8');
  }
}
