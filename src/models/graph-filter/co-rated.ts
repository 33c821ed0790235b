import { topKRow } from '../shared/topk.ts';
import type { ItemFilter } from './filter.ts';
import { rankProfile } from './rank-profile.ts';

/** Octave fractions of the users' priority histogram (`CoRatedWalk.pick`): 1/8 octave, 32 octaves of range. */
const BINS_PER_OCTAVE = 8;
const BINS = 256;

/**
 * Items co-rated with a user's less popular items, by the linear term they would score: Σ_{i∈u non-hot} G_ij with
 * G = R̃ᵀR̃, i.e. two sparse hops, rated item i → its users v (weight x_v = Σ_i R̃_vi) → their items j (x_v R̃_vj).
 * The candidate retrieval's rows hold only the leading singular directions of G, so a tail item a user's few rated
 * items share their raters with can score in the exact top K yet rank low in retrieval (measured on Gowalla: the
 * retrieved candidates held 79% of the exact top 20, 98% with these items; notes/issue-23.md, stop 22). The second hop
 * reads every co-rater's whole list (≈ 10⁶ entries per user there), so it walks only the co-raters whose entries add
 * the most score each (x_v times v's mean R̃_vj), up to `budget` entries: low-degree co-raters first, which is
 * where the tail items' score comes from. The first hop starts from the least popular rated items and stops at the
 * same budget (a long history's walk cost 5 ms per user at 10⁸ interactions otherwise).
 */
export class CoRatedWalk {
  private readonly x: Float64Array;
  private readonly users: Int32Array;
  private readonly acc: Float32Array;
  private readonly items: Int32Array;
  /** Mean R̃_vj over user v's items: a co-rater's score per entry walked is x_v times this. */
  private readonly rowMean: Float32Array;
  private readonly binEntries = new Float64Array(BINS);
  private readonly bin: Uint8Array;
  private pickItems = new Int32Array(0);
  private pickScores = new Float32Array(0);

  constructor(private readonly f: ItemFilter) {
    const rn = f.rn;
    const vals = rn.values as Float32Array;
    this.x = new Float64Array(rn.rows);
    this.users = new Int32Array(rn.rows);
    this.bin = new Uint8Array(rn.rows);
    this.acc = new Float32Array(f.numItems);
    this.items = new Int32Array(f.numItems);
    this.rowMean = new Float32Array(rn.rows);
    for (let v = 0; v < rn.rows; v++) {
      let s = 0;
      for (let q = rn.indptr[v]; q < rn.indptr[v + 1]; q++) s += vals[q];
      const d = rn.indptr[v + 1] - rn.indptr[v];
      this.rowMean[v] = d > 0 ? s / d : 0;
    }
  }

  /**
   * Up to `count` items with the highest walked score from the user's `rated` items that are not hot (`hotSlot` ≥ 0
   * marks hot items, whose Gram columns the re-rank reads instead), none of them in any of `skip`; at most `budget`
   * co-raters' list entries read. The result is a view into scratch the next call overwrites.
   */
  pick(
    rated: Int32Array,
    hotSlot: Int32Array,
    count: number,
    budget: number,
    skip: readonly Int32Array[],
  ): Int32Array {
    const { f, x, users, acc, items, rowMean, bin, binEntries } = this;
    const t = f.rnT;
    const tVal = t.values as Float32Array;
    const rn = f.rn;
    const rVal = rn.values as Float32Array;
    const prof = rankProfile();
    prof?.mark();
    let nu = 0;
    let firstHop = 0;
    for (const i of byDegree(rated, hotSlot, t.indptr)) {
      // The same budget bounds the first hop: a long history's least popular items say most about its tail.
      const d = t.indptr[i + 1] - t.indptr[i];
      if (firstHop > 0 && firstHop + d > budget) break;
      firstHop += d;
      for (let q = t.indptr[i]; q < t.indptr[i + 1]; q++) {
        const v = t.indices[q];
        if (x[v] === 0) users[nu++] = v;
        x[v] += tVal[q];
      }
    }
    // Which co-raters fit the budget: a histogram of their priority by 1/8 octave, filled from the top.
    let top = 0;
    let total = 0;
    for (let p = 0; p < nu; p++) {
      const v = users[p];
      top = Math.max(top, x[v] * rowMean[v]);
      total += rn.indptr[v + 1] - rn.indptr[v];
    }
    let cut = BINS;
    let left = 0;
    if (total > budget) {
      binEntries.fill(0);
      const logTop = Math.log2(top);
      for (let p = 0; p < nu; p++) {
        const v = users[p];
        const b = Math.min(BINS - 1, Math.floor((logTop - Math.log2(x[v] * rowMean[v])) * BINS_PER_OCTAVE));
        bin[v] = b;
        binEntries[b] += rn.indptr[v + 1] - rn.indptr[v];
      }
      let sum = 0;
      cut = 0;
      while (cut < BINS && sum + binEntries[cut] <= budget) sum += binEntries[cut++];
      left = budget - sum;
    }
    let ni = 0;
    let walked = 0;
    for (let p = 0; p < nu; p++) {
      const v = users[p];
      const w = x[v];
      x[v] = 0;
      const d = rn.indptr[v + 1] - rn.indptr[v];
      if (cut < BINS && bin[v] >= cut) {
        // The bin that straddles the budget: its co-raters in visiting order while they fit.
        if (bin[v] > cut || d > left) continue;
        left -= d;
      }
      walked += d;
      for (let q = rn.indptr[v]; q < rn.indptr[v + 1]; q++) {
        const j = rn.indices[q];
        if (acc[j] === 0) items[ni++] = j;
        acc[j] += w * rVal[q];
      }
    }
    if (prof) prof.count.coRatedEntries += walked;
    // Walked weights are positive, so a touched item is > 0 and −∞ hides it without leaving an untouched mark.
    for (const list of skip)
      for (const j of list) if (j >= 0 && j < acc.length && acc[j] > 0) acc[j] = -Infinity;
    if (this.pickItems.length < count) {
      this.pickItems = new Int32Array(count);
      this.pickScores = new Float32Array(count);
    }
    const touched = items.subarray(0, ni);
    topKRow(acc, 0, acc.length, count, this.pickItems, this.pickScores, 0, touched);
    for (const j of touched) acc[j] = 0;
    let n = 0;
    while (n < count && this.pickItems[n] >= 0) n++;
    prof?.lap('coRated');
    return this.pickItems.subarray(0, n);
  }

  /** The walked sums (Σ over the co-raters read) of the last `pick`'s first `n` items, in its order. */
  pickedSums(n: number): Float32Array {
    return this.pickScores.subarray(0, n);
  }
}

/** The rated items that are not hot, least popular first (ties by id, so a history's order does not matter). */
function byDegree(rated: Int32Array, hotSlot: Int32Array, indptr: Int32Array): Int32Array {
  const out = rated.filter((i) => hotSlot[i] < 0);
  const deg = (i: number): number => indptr[i + 1] - indptr[i];
  return out.sort((a, b) => deg(a) - deg(b) || a - b);
}
