import { join } from 'node:path';
import { interactionCsr } from '../../graph/bipartite.ts';
import { csrRow, csrTranspose, type Csr } from '../../tensor/csr.ts';
import { readManifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import type {
  FitOptions,
  FitReport,
  Recommender,
  RecommendOptions,
  TopK,
  TrainData,
} from '../recommender.ts';
import { FitRecord } from '../shared/fit-record.ts';
import { topKRow } from '../shared/topk.ts';
import { storedPattern, writeModelManifest } from '../shared/model-folder.ts';
import { closedFormReport } from '../shared/closed-form-fit.ts';
import { parseEaseConfig, type EaseConfig } from './config.ts';
import { GraphFilter } from '../graph-filter/model.ts';
import { DualEase } from './dual.ts';
import { dualRowsAt, filterRowsAt } from './terms-at.ts';
import { easeWeights } from './gram.ts';

/**
 * EASE (H. Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): a closed-form item–item
 * model, s_u = x_u B with B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹ over the most-interacted items.
 * A new user's scores are their binary history times B: exact, no retraining. With at most `maxDualUsers`
 * training users the dual form (`dual.ts`) is used: exact over every item, no items × items matrix.
 */
export class Ease implements Recommender {
  readonly kind = 'ease';
  readonly config: EaseConfig;
  /** Binary training matrix (users × items). */
  seen: Csr;
  /** Dataset item index of each matrix position. */
  itemsOf: Int32Array = new Int32Array(0);
  /** Matrix position of each dataset item (−1: outside the matrix). */
  private posOf: Int32Array;
  /** Row-major m × m weights. */
  private weights: Float32Array = new Float32Array(0);
  /** The dual solver, when the training users are few enough (then `weights` is unused). */
  private dual: DualEase | null = null;
  /** The GF-CF filter blended in (`filterBlend` > 0). */
  private filter: GraphFilter | null = null;
  private readonly record: FitRecord;

  /** An unfitted model of the given sizes. */
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    config: Record<string, unknown> = {},
  ) {
    this.config = parseEaseConfig(config);
    this.seen = interactionCsr(numUsers, numItems, new Int32Array(0), new Int32Array(0));
    this.posOf = new Int32Array(numItems).fill(-1);
    this.record = new FitRecord(numUsers, numItems);
  }

  /** Solves the closed form over the `maxItems` most-interacted items (one matrix inverse). */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    this.seen = interactionCsr(this.numUsers, this.numItems, data.train.user, data.train.item);
    if (this.config.filterBlend > 0) {
      this.filter = new GraphFilter(this.numUsers, this.numItems, {});
      await this.filter.fit(data, { seed: opts.seed });
    }
    opts.progress?.update('ease inverse', 0, 1);
    this.fitDual();
    if (this.dual) {
      opts.progress?.update('ease inverse', 1, 1);
      opts.progress?.end();
      return this.report(data, t0, this.numItems, opts);
    }
    const count = new Int32Array(this.numItems);
    for (const i of this.seen.indices) count[i]!++;
    const order = Array.from({ length: this.numItems }, (_, i) => i)
      .filter((i) => count[i]! > 0)
      .sort((a, b) => count[b]! - count[a]! || a - b)
      .slice(0, this.config.maxItems)
      .sort((a, b) => a - b);
    this.setItems(Int32Array.from(order));
    const rows: Int32Array[] = [];
    for (let u = 0; u < this.numUsers; u++) rows.push(this.positions(csrRow(this.seen, u)));
    this.weights = easeWeights(rows, order.length, this.config.lambda);
    opts.progress?.update('ease inverse', 1, 1);
    opts.progress?.end();
    return this.report(data, t0, order.length, opts);
  }

  /** Uses the dual form when the users with training items are at most `maxDualUsers`. */
  private fitDual(): void {
    let users = 0;
    for (let u = 0; u < this.seen.rows; u++) if (this.seen.indptr[u + 1]! > this.seen.indptr[u]!) users++;
    this.dual =
      users <= this.config.maxDualUsers
        ? new DualEase(this.seen, csrTranspose(this.seen), this.config.lambda)
        : null;
  }

  private report(data: TrainData, t0: number, items: number, opts: FitOptions): FitReport {
    this.record.fitted(opts.seed, data);
    return closedFormReport(t0, opts, { items_in_matrix: items, form: this.dual ? 'dual' : 'primal' });
  }

  private setItems(items: Int32Array): void {
    this.itemsOf = items;
    this.posOf = new Int32Array(this.numItems).fill(-1);
    items.forEach((i, p) => (this.posOf[i] = p));
  }

  /** Matrix positions of dataset items (items outside the matrix dropped). */
  private positions(items: ArrayLike<number>): Int32Array {
    const out: number[] = [];
    for (let p = 0; p < items.length; p++) {
      const q = this.posOf[items[p]!]!;
      if (q >= 0) out.push(q);
    }
    return Int32Array.from(out);
  }

  /** Scores of every dataset item for one binary history (items outside the matrix score 0). */
  private scoreHistory(items: ArrayLike<number>, out: Float32Array, off: number): void {
    if (this.dual) return this.dual.score(Int32Array.from(new Set(Array.from(items))), null, out, off);
    const m = this.itemsOf.length;
    const w = this.weights;
    const acc = new Float32Array(m);
    for (const q of new Set(this.positions(items))) {
      const o = q * m;
      for (let i = 0; i < m; i++) acc[i]! += w[o + i]!;
    }
    out.fill(0, off, off + this.numItems);
    for (let p = 0; p < m; p++) out[off + this.itemsOf[p]!] = acc[p]!;
  }

  /** Scores of every item per user, row-major users × items (blended with the filter when configured). */
  scoreUsers(users: Int32Array): Float32Array {
    const n = this.numItems;
    const out = new Float32Array(users.length * n);
    users.forEach((u, r) => this.scoreHistory(csrRow(this.seen, u), out, r * n));
    if (this.filter) {
      const f = this.filter.scoreUsers(users);
      for (let r = 0; r < users.length; r++)
        this.blend(out.subarray(r * n, (r + 1) * n), f.subarray(r * n, (r + 1) * n));
    }
    return out;
  }

  /** a ← z(a) + β·z(f), in place. */
  private blend(a: Float32Array, f: Float32Array): void {
    standardise(a);
    const g = standardise(f.slice());
    const beta = this.config.filterBlend;
    for (let i = 0; i < a.length; i++) a[i] = a[i]! + beta * g[i]!;
  }

  /** Top-K per user, training items filtered unless `filterSeen` is false. */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const { k } = opts;
    const n = this.numItems;
    const items = new Int32Array(users.length * k);
    const scores = new Float32Array(users.length * k);
    const row = new Float32Array(n);
    users.forEach((u, r) => {
      if (this.filter) row.set(this.scoreUsers(Int32Array.of(u)));
      else this.scoreHistory(csrRow(this.seen, u), row, 0);
      if (opts.filterSeen !== false) for (const i of csrRow(this.seen, u)) row[i] = -Infinity;
      for (const i of opts.exclude?.[r] ?? []) if (i >= 0 && i < n) row[i] = -Infinity;
      topKRow(row, 0, n, k, items, scores, r * k, opts.candidates);
    });
    return { k, items, scores };
  }

  /** The items each query item's weight row points to most (B[j, ·]). */
  similarItems(query: Int32Array, k: number): TopK {
    const n = this.numItems;
    const items = new Int32Array(query.length * k).fill(-1);
    const scores = new Float32Array(query.length * k).fill(-Infinity);
    const row = new Float32Array(n);
    query.forEach((q, r) => {
      if (!this.dual && this.posOf[q]! < 0) return;
      this.scoreHistory([q], row, 0);
      row[q] = -Infinity;
      topKRow(row, 0, n, k, items, scores, r * k);
    });
    return { k, items, scores };
  }

  /** The distinct positively rated items of a history, their fold-in weights and raw ratings. */
  private prepare(
    items: Int32Array,
    ratings: Float32Array,
  ): { keep: number[]; hist: Int32Array; weights: Float32Array; raw: Float32Array } {
    const keep: number[] = [];
    let mean = 0;
    for (let p = 0; p < items.length; p++) {
      if (items[p]! < 0 || items[p]! >= this.numItems)
        throw new RangeError(`item ${items[p]} out of range 0..${this.numItems - 1}`);
      if (ratings[p]! > 0 && !keep.some((q) => items[q] === items[p])) {
        keep.push(p);
        mean += ratings[p]!;
      }
    }
    mean /= Math.max(1, keep.length);
    const pw = this.config.ratingPower;
    return {
      keep,
      hist: Int32Array.from(keep, (p) => items[p]!),
      weights: Float32Array.from(keep, (p) => (pw === 0 ? 1 : (ratings[p]! / mean) ** pw)),
      raw: Float32Array.from(keep, (p) => ratings[p]!),
    };
  }

  /**
   * A new user's scores: their rated items (rating > 0) weighted by (r / mean r)^ratingPower times B, blended
   * with the filter's fold-in when configured. Exact: no retraining, B is the model's own.
   */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    const { hist, weights, raw } = this.prepare(items, ratings);
    const out = this.foldInWeighted(hist, weights);
    if (this.filter && hist.length > 0) this.blend(out, this.filter.foldIn(hist, raw));
    return out;
  }

  /**
   * `foldIn` split into one term per history entry (zero for unrated or repeated entries): EASE is linear in the
   * weighted history, the filter in the binary one, and standardising subtracts each term's own mean and divides
   * by the full vector's spread, so the terms sum to the scores (up to EASE's self-weight correction at the
   * history items themselves, which are never recommended). With `at`, each term holds only the values at those
   * items (`terms[p][q]` at `at[q]`), read from the model's factors instead of one full vector per rated item:
   * the same numbers, at a cost that no longer grows with the catalogue times the history.
   */
  foldInTerms(
    items: Int32Array,
    ratings: Float32Array,
    at?: Int32Array,
  ): { scores: Float32Array; terms: Float32Array[] } {
    const { keep, hist, weights, raw } = this.prepare(items, ratings);
    const scores = this.foldIn(items, ratings);
    const cols = at ? at.length : this.numItems;
    const kept = at && this.dual && this.filterReadable() ? this.termsAt(hist, weights, raw, at) : null;
    const full = kept ? null : this.termsFull(hist, weights, raw);
    const terms: Float32Array[] = Array.from(items, () => new Float32Array(cols));
    keep.forEach((p, q) => {
      if (kept) terms[p] = kept[q]!;
      else if (at) terms[p] = Float32Array.from(at, (i) => full![q]![i]!);
      else terms[p] = full![q]!;
    });
    return { scores, terms };
  }

  /** Whether the blended filter (if any) is plain GF-CF, whose rows `filterRowsAt` reads exactly. */
  private filterReadable(): boolean {
    const c = this.filter?.config;
    return !c || c.variant !== 'bspm' || c.sharpenT <= 0;
  }

  /** Per-rated-item terms over every item: one single-item fold-in (and filter response) per rated item. */
  private termsFull(hist: Int32Array, weights: Float32Array, raw: Float32Array): Float32Array[] {
    const n = this.numItems;
    const ease = Array.from(hist, (j, p) =>
      this.foldInWeighted(Int32Array.of(j), Float32Array.of(weights[p]!)),
    );
    if (this.filter && hist.length > 0) {
      const { sa, sg, beta } = this.blendScales(hist, weights, raw);
      const g = this.filter.scoreSignals(
        Array.from(hist, (j) => ({ items: Int32Array.of(j), weights: null })),
      );
      ease.forEach((a, p) => {
        const gp = g.subarray(p * n, (p + 1) * n);
        const ma = meanOf(a);
        const mg = meanOf(gp);
        for (let i = 0; i < n; i++)
          a[i] = (sa > 0 ? (a[i]! - ma) / sa : 0) + (sg > 0 ? (beta * (gp[i]! - mg)) / sg : 0);
      });
    }
    return ease;
  }

  /** Per-rated-item terms at the listed items only (dual EASE rows and GF-CF rows read from the factors). */
  private termsAt(
    hist: Int32Array,
    weights: Float32Array,
    raw: Float32Array,
    at: Int32Array,
  ): Float32Array[] {
    const L = at.length;
    const a = dualRowsAt(this.dual!, hist, at);
    const out = Array.from(hist, () => new Float32Array(L));
    if (!this.filter || hist.length === 0) {
      out.forEach((t, p) => {
        for (let q = 0; q < L; q++) t[q] = weights[p]! * a.values[p * L + q]!;
      });
      return out;
    }
    const { sa, sg, beta } = this.blendScales(hist, weights, raw);
    const g = filterRowsAt(this.filter.itemFilter(), this.filter.config.alpha, hist, at);
    out.forEach((t, p) => {
      const w = weights[p]!;
      for (let q = 0; q < L; q++)
        t[q] =
          (sa > 0 ? (w * (a.values[p * L + q]! - a.means[p]!)) / sa : 0) +
          (sg > 0 ? (beta * (g.values[p * L + q]! - g.means[p]!)) / sg : 0);
    });
    return out;
  }

  /** The spreads `blend` divides by (EASE's and the filter's full score vectors) and the blend weight. */
  private blendScales(
    hist: Int32Array,
    weights: Float32Array,
    raw: Float32Array,
  ): { sa: number; sg: number; beta: number } {
    return {
      sa: spread(this.foldInWeighted(hist, weights)),
      sg: spread(this.filter!.foldIn(hist, raw)),
      beta: this.config.filterBlend,
    };
  }

  /**
   * Scores for a weighted history (x_i = weight instead of 1): EASE is linear in x, so a 5-star rating can
   * count more than a 3. Exact in the dual form; the primal form ignores the weights.
   */
  foldInWeighted(items: Int32Array, weights: Float32Array): Float32Array {
    const out = new Float32Array(this.numItems);
    if (this.dual) this.dual.score(items, weights, out, 0);
    else this.scoreHistory(items, out, 0);
    return out;
  }

  /** Writes manifest.json and tensors.safetensors (weights, item positions, training pattern). */
  async save(dir: string): Promise<void> {
    const m = this.dual ? 0 : this.itemsOf.length;
    // The dual form is refitted on load (one users² inverse); the primal form stores its weights.
    await saveSafetensors(join(dir, 'tensors.safetensors'), {
      weights: { shape: [m, m], data: this.dual ? new Float32Array(0) : this.weights },
      items: { shape: [m], data: this.dual ? new Int32Array(0) : this.itemsOf },
      seen_indptr: { shape: [this.seen.indptr.length], data: this.seen.indptr },
      seen_indices: { shape: [this.seen.indices.length], data: this.seen.indices },
    });
    if (this.filter) await this.filter.save(join(dir, 'filter'));
    await writeModelManifest(dir, this.record.head(this.kind, this.config));
  }

  /** Loads a folder written by `save`. */
  static async load(dir: string): Promise<Ease> {
    const man = await readManifest(dir);
    const t = await loadSafetensors(join(dir, 'tensors.safetensors'));
    const e = new Ease(man.ids.users.length, man.ids.items.length, man.config);
    e.seen = storedPattern(t, 'seen', e.numUsers, e.numItems);
    if ((t.items!.data as Int32Array).length === 0) e.fitDual();
    else {
      e.setItems(t.items!.data as Int32Array);
      e.weights = t.weights!.data as Float32Array;
    }
    if (e.config.filterBlend > 0) e.filter = await GraphFilter.load(join(dir, 'filter'));
    e.record.loaded(man);
    return e;
  }
}

/** Standardises a score vector in place over its finite entries (mean 0, sd 1; all 0 when constant). */
function standardise(v: Float32Array): Float32Array {
  let s = 0;
  let ss = 0;
  let n = 0;
  for (const x of v)
    if (Number.isFinite(x)) {
      s += x;
      ss += x * x;
      n++;
    }
  const mean = n ? s / n : 0;
  const sd = n ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : 0;
  for (let i = 0; i < v.length; i++) v[i] = sd > 0 && Number.isFinite(v[i]!) ? (v[i]! - mean) / sd : 0;
  return v;
}

/** Mean of the finite entries. */
function meanOf(v: Float32Array): number {
  let s = 0;
  let n = 0;
  for (const x of v)
    if (Number.isFinite(x)) {
      s += x;
      n++;
    }
  return n ? s / n : 0;
}

/** Standard deviation of the finite entries (what `standardise` divides by). */
function spread(v: Float32Array): number {
  const m = meanOf(v);
  let ss = 0;
  let n = 0;
  for (const x of v)
    if (Number.isFinite(x)) {
      ss += (x - m) * (x - m);
      n++;
    }
  return n ? Math.sqrt(ss / n) : 0;
}
