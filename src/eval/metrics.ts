/**
 * Top-K ranking metrics, accumulated user by user in one pass over each top-K list
 * (definitions as in the LightGCN code; see docs/ARCHITECTURE.md):
 * recall@K = hits/|T|, precision@K = hits/K, NDCG@K with binary gains and IDCG over min(|T|, K),
 * MAP@K = Σ_{hit ranks r} precision@r / min(|T|, K), hit@K = [hits > 0], MRR@K = 1/rank of the first hit.
 * Users without test items are skipped; results are means over the users added.
 */
export class RankingMetrics {
  /** The cut-offs, ascending. */
  readonly ks: number[];
  private readonly sums: Float64Array;
  private users = 0;
  private readonly disc: Float64Array;
  /** How often each item was recommended in the top-max(K) lists (for coverage and Gini). */
  readonly itemCounts: Float64Array;

  /** Creates an accumulator for the cut-offs `ks` over `numItems` items. */
  constructor(ks: readonly number[], numItems: number) {
    this.ks = [...new Set(ks)].sort((a, b) => a - b);
    if (this.ks.length === 0 || this.ks[0] <= 0) throw new RangeError('ks must be positive integers');
    const kmax = this.ks[this.ks.length - 1];
    this.sums = new Float64Array(this.ks.length * METRICS.length);
    this.disc = Float64Array.from({ length: kmax }, (_, r) => 1 / Math.log2(r + 2));
    this.itemCounts = new Float64Array(numItems);
  }

  /** The largest cut-off (the length of top-K lists to pass to `add`). */
  get kmax(): number {
    return this.ks[this.ks.length - 1];
  }

  /** Number of users added so far. */
  get count(): number {
    return this.users;
  }

  /**
   * Adds one user: `top[off .. off+kmax)` is the ranked list (−1 padded), `truth` the user's held-out items
   * (any order, no duplicates). Users with an empty `truth` are ignored.
   */
  add(top: Int32Array, off: number, truth: ArrayLike<number>): void {
    const t = truth.length;
    if (t === 0) return;
    const set = new Set<number>();
    for (let i = 0; i < truth.length; i++) set.add(truth[i]);
    const kmax = this.kmax;
    for (let r = 0; r < kmax; r++) {
      const it = top[off + r];
      if (it >= 0) this.itemCounts[it]++;
    }
    let hits = 0;
    let dcg = 0;
    let apSum = 0;
    let firstHit = 0;
    let ki = 0;
    let idcg = 0;
    for (let r = 0; r < kmax; r++) {
      if (r < t) idcg += this.disc[r];
      if (set.has(top[off + r])) {
        hits++;
        dcg += this.disc[r];
        apSum += hits / (r + 1);
        if (firstHit === 0) firstHit = r + 1;
      }
      // Close every cut-off that ends at rank r+1.
      while (ki < this.ks.length && this.ks[ki] === r + 1) {
        const k = this.ks[ki];
        const b = ki * METRICS.length;
        this.sums[b] += hits / t;
        this.sums[b + 1] += hits / k;
        this.sums[b + 2] += idcg > 0 ? dcg / idcg : 0;
        this.sums[b + 3] += apSum / Math.min(t, k);
        this.sums[b + 4] += hits > 0 ? 1 : 0;
        this.sums[b + 5] += firstHit > 0 ? 1 / firstHit : 0;
        ki++;
      }
    }
    this.users++;
  }

  /** Means over users as `name@k` (recall, precision, ndcg, map, hit, mrr), plus `coverage@kmax` and `gini@kmax`. */
  result(): Record<string, number> {
    const out: Record<string, number> = {};
    const n = Math.max(1, this.users);
    this.ks.forEach((k, ki) => {
      METRICS.forEach((m, mi) => {
        out[`${m}@${k}`] = this.sums[ki * METRICS.length + mi] / n;
      });
    });
    out[`coverage@${this.kmax}`] = itemCoverage(this.itemCounts);
    out[`gini@${this.kmax}`] = gini(this.itemCounts);
    return out;
  }
}

/** Metric names in accumulator order. */
export const METRICS = ['recall', 'precision', 'ndcg', 'map', 'hit', 'mrr'] as const;

/** Fraction of items recommended at least once. */
export function itemCoverage(counts: ArrayLike<number>): number {
  if (counts.length === 0) return 0;
  let c = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) c++;
  return c / counts.length;
}

/**
 * Gini coefficient of how often items are recommended: 0 when every item is recommended equally often,
 * → 1 when a single item takes all slots. G = Σ_i (2i − n − 1) x_(i) / (n Σ x) over ascending counts, i from 1.
 */
export function gini(counts: ArrayLike<number>): number {
  const n = counts.length;
  const x = Float64Array.from(counts).sort();
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += x[i];
    weighted += (2 * (i + 1) - n - 1) * x[i];
  }
  return total > 0 ? weighted / (n * total) : 0;
}

/** Root mean squared error of predictions against targets. */
export function rmse(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  checkLengths(pred, target);
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i] - target[i]) ** 2;
  return pred.length ? Math.sqrt(s / pred.length) : 0;
}

/** Mean absolute error of predictions against targets. */
export function mae(pred: ArrayLike<number>, target: ArrayLike<number>): number {
  checkLengths(pred, target);
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += Math.abs(pred[i] - target[i]);
  return pred.length ? s / pred.length : 0;
}

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length)
    throw new RangeError(`length mismatch: ${a.length} predictions, ${b.length} targets`);
}
