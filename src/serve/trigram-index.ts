/** Most postings visited per query (the rarest lists first). */
const MAX_POSTINGS = 60_000;
/** Most query trigrams looked up: the rarest ones, so a 200-character query costs what a 30-character one does. */
const MAX_QUERY_TRIGRAMS = 40;

/** The distinct character trigrams of a string padded with one space each side. */
export function trigrams(s: string): string[] {
  const p = ` ${s} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  return [...out];
}

/**
 * Trigram postings over a list of strings, built once per catalogue (and extended as items are added): narrows a
 * fuzzy search to the strings that share the most trigrams with the query, so the expensive scoring sees a few
 * hundred candidates whatever the catalogue's size.
 */
export class TrigramIndex {
  private readonly postings = new Map<string, number[]>();
  private counts = new Int32Array(0);
  private size = 0;

  /** Indexes `texts` as documents 0, 1, …. */
  constructor(texts: readonly string[] = []) {
    for (const t of texts) this.add(t);
  }

  /** Indexes one more document; returns its number. */
  add(text: string): number {
    const doc = this.size++;
    for (const g of trigrams(text)) {
      let list = this.postings.get(g);
      if (!list) this.postings.set(g, (list = []));
      list.push(doc);
    }
    return doc;
  }

  /**
   * Up to `n` documents sharing the most trigrams with `query` (ties in a fixed order: that of the postings
   * visited); documents sharing none are never returned.
   */
  candidates(query: string, n: number): number[] {
    if (this.counts.length < this.size)
      this.counts = new Int32Array(Math.max(this.size, this.counts.length * 2));
    const lists: number[][] = [];
    for (const g of trigrams(query)) {
      const l = this.postings.get(g);
      if (l) lists.push(l);
    }
    // Rare trigrams discriminate; frequent ones (" th", "the") cost the most and say the least.
    lists.sort((a, b) => a.length - b.length);
    const counts = this.counts;
    const touched: number[] = [];
    let work = 0;
    for (const l of lists.slice(0, MAX_QUERY_TRIGRAMS)) {
      // A budget of postings: queries made only of common trigrams stop early instead of visiting every title.
      if (work > 0 && work + l.length > MAX_POSTINGS) break;
      work += l.length;
      for (let j = 0; j < l.length; j++) {
        const d = l[j]!;
        if (counts[d]++ === 0) touched.push(d);
      }
    }
    // Bucket by count (at most MAX_QUERY_TRIGRAMS + 1 buckets): linear, no sort of the touched documents.
    const buckets: number[][] = [];
    for (const d of touched) (buckets[counts[d]!] ??= []).push(d);
    for (const d of touched) counts[d] = 0;
    const out: number[] = [];
    for (let c = buckets.length - 1; c > 0 && out.length < n; c--) {
      const b = buckets[c];
      if (!b) continue;
      for (const d of b) {
        out.push(d);
        if (out.length === n) break;
      }
    }
    return out;
  }
}
