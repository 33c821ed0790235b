import type { Dataset } from '../../data/types.ts';
import type { Progress } from '../../util/progress.ts';
import type { RecommendationLists, RecommendationRow } from '../store.ts';
import { copyText } from '../postgres/copy.ts';
import { tsColumn } from './rows.ts';

/** Rows per COPY chunk message batch (~1–2 MB of text): bounds memory whatever the dataset size. */
const CHUNK_ROWS = 32_768;

/**
 * Rows of `interactions` in COPY text format, `keep[from..]` in order with `seq` from `base`, as ~1 MB chunks made on
 * demand (a generator: COPY pulls the next chunk only when the socket has drained, so 10⁸ rows never sit in memory
 * as text). Ids are escaped once per distinct id, not per row.
 */
export function* interactionChunks(
  ds: Dataset,
  keep: Int32Array,
  base: number,
  progress: Progress,
): Generator<Buffer> {
  const users = ds.users.toJSON().map(copyText);
  const items = ds.items.toJSON().map(copyText);
  const { user, item, rating, timestamp } = ds.interactions;
  for (let s = 0; s < keep.length; s += CHUNK_ROWS) {
    const e = Math.min(keep.length, s + CHUNK_ROWS);
    let text = '';
    for (let k = s; k < e; k++) {
      const i = keep[k]!;
      const ts = tsColumn(timestamp?.[i]);
      text += `${users[user[i]!]}\t${items[item[i]!]}\t${rating[i]}\t${ts === null ? '\\N' : ts}\t${base + k}\n`;
    }
    progress.update('interactions', e, keep.length);
    yield Buffer.from(text, 'utf8');
  }
}

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
 * arrays (user and item ids escaped once each, lazily), the same text `recommendationChunks` makes of their rows.
 */
export function* listChunks(modelId: string, l: RecommendationLists): Generator<Buffer> {
  const model = copyText(modelId);
  const items: Array<string | undefined> = new Array<string | undefined>(l.itemIds.length);
  const users = Math.max(1, Math.floor(CHUNK_ROWS / Math.max(1, l.k)));
  for (let s = 0; s < l.userIds.length; s += users) {
    let text = '';
    for (let r = s; r < Math.min(l.userIds.length, s + users); r++) {
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
