import { csrRow, type Csr } from '../../tensor/csr.ts';
import type { RecommendOptions, TopK } from '../recommender.ts';
import type { Signal } from '../graph-filter/filter.ts';
import { topKRow } from './topk.ts';

/** A model that scores item histories (signals) through one linear item–item filter, a block of signals at a time. */
export interface SignalScorer {
  readonly numItems: number;
  /** Users per scored block (memory: block × items floats). */
  readonly blockSize: number;
  /** Filter output for a batch of signals, row-major signals.length × numItems. */
  scoreSignals(signals: readonly Signal[]): Float32Array;
  /** A user's training items (their signal, and what `filterSeen` removes). */
  history(u: number): Int32Array;
}

function signalsOf(m: SignalScorer, users: Int32Array): Signal[] {
  return Array.from(users, (u) => ({ items: m.history(u), weights: null }));
}

/** Scores of every item for each user (row-major users × items), computed in blocks of `blockSize` users. */
export function scoreUsersInBlocks(m: SignalScorer, users: Int32Array): Float32Array {
  const n = m.numItems;
  const bs = m.blockSize;
  // One block (the evaluator's usual request): return the block itself, no second copy.
  if (users.length <= bs) return m.scoreSignals(signalsOf(m, users));
  const out = new Float32Array(users.length * n);
  for (let s = 0; s < users.length; s += bs)
    out.set(m.scoreSignals(signalsOf(m, users.subarray(s, Math.min(users.length, s + bs)))), s * n);
  return out;
}

/** Top-K per user with seen and excluded items filtered (partial selection, blocks of `blockSize`). */
export function recommendInBlocks(m: SignalScorer, users: Int32Array, opts: RecommendOptions): TopK {
  const { k } = opts;
  const n = m.numItems;
  const items = new Int32Array(users.length * k);
  const scores = new Float32Array(users.length * k);
  const bs = m.blockSize;
  for (let s = 0; s < users.length; s += bs) {
    const block = users.subarray(s, Math.min(users.length, s + bs));
    const sc = m.scoreSignals(signalsOf(m, block));
    for (let b = 0; b < block.length; b++) {
      const r = s + b;
      const off = b * n;
      if (opts.filterSeen !== false) for (const i of m.history(block[b]!)) sc[off + i] = -Infinity;
      for (const i of opts.exclude?.[r] ?? []) if (i >= 0 && i < n) sc[off + i] = -Infinity;
      topKRow(sc, off, n, k, items, scores, r * k, opts.candidates);
    }
  }
  return { k, items, scores };
}

/** Items with the highest filter response to each query item (the one-item signal e_i through the filter). */
export function similarByResponse(m: SignalScorer, query: Int32Array, k: number): TopK {
  const n = m.numItems;
  const items = new Int32Array(query.length * k);
  const scores = new Float32Array(query.length * k);
  const sc = m.scoreSignals(Array.from(query, (i) => ({ items: Int32Array.of(i), weights: null })));
  for (let r = 0; r < query.length; r++) {
    sc[r * n + query[r]!] = -Infinity;
    topKRow(sc, r * n, n, k, items, scores, r * k);
  }
  return { k, items, scores };
}

/** A new user's history as a filter reads it: distinct items with a positive rating, in first-seen order (range-checked). */
export function positiveHistory(items: Int32Array, ratings: Float32Array, numItems: number): Int32Array {
  const keep = new Set<number>();
  for (let p = 0; p < items.length; p++) {
    if (items[p]! < 0 || items[p]! >= numItems)
      throw new RangeError(`item ${items[p]} out of range 0..${numItems - 1}`);
    if (!(ratings[p]! <= 0)) keep.add(items[p]!);
  }
  return Int32Array.from(keep);
}

/** A user's row of the training matrix (their history), range-checked. */
export function userHistory(seen: Csr, u: number): Int32Array {
  if (u < 0 || u >= seen.rows) throw new RangeError(`user ${u} out of range 0..${seen.rows - 1}`);
  return csrRow(seen, u);
}
