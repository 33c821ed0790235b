import { Rng } from '../../util/rng.ts';
import type { FeatureBlock } from './block.ts';

/** Options of the hashed n-gram TF-IDF title embedding. */
export interface HashEmbeddingOptions {
  /** Output dimension (384, the size of all-MiniLM-L6-v2, so the two are interchangeable). */
  dim?: number;
  /** log2 of the number of hash buckets (14 → 16 384). */
  bucketsLog2?: number;
  /** Character n-gram lengths, inclusive. */
  minN?: number;
  maxN?: number;
  /** Seed of the random projection. */
  seed?: number;
}

/** Lower-cases, decodes the HTML entities found in the anime titles, and collapses whitespace. */
export function normaliseTitle(s: string): string {
  return s
    .replace(/&#0*39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** FNV-1a 32-bit hash of a string (stable across platforms, unlike a JS engine's). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Fallback title embedding used when no sentence-transformer weights are available: character
 * n-grams (word-boundary padded) hashed into 2^b buckets, weighted by TF-IDF, projected to `dim`
 * by a seeded Gaussian random projection (Johnson–Lindenstrauss keeps cosine similarity roughly
 * intact) and L2-normalised. Deterministic for a given seed; titles sharing n-grams land close.
 */
export function hashedTitleEmbedding(titles: readonly string[], o: HashEmbeddingOptions = {}): FeatureBlock {
  const dim = o.dim ?? 384;
  const mask = (1 << (o.bucketsLog2 ?? 14)) - 1;
  const minN = o.minN ?? 2;
  const maxN = o.maxN ?? 4;
  const seed = o.seed ?? 0x5eed;
  // Sparse term counts per title.
  const docs: Map<number, number>[] = titles.map((t) => {
    const s = ` ${normaliseTitle(t)} `;
    const tf = new Map<number, number>();
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= s.length; i++) {
        const b = fnv1a(s.slice(i, i + n)) & mask;
        tf.set(b, (tf.get(b) ?? 0) + 1);
      }
    }
    return tf;
  });
  const df = new Map<number, number>();
  for (const d of docs) for (const b of d.keys()) df.set(b, (df.get(b) ?? 0) + 1);
  const N = titles.length;
  // Projection rows are generated per bucket from (seed, bucket), so only used buckets cost memory.
  const proj = new Map<number, Float32Array>();
  const row = (b: number): Float32Array => {
    let r = proj.get(b);
    if (!r) {
      const rng = new Rng((Math.imul(b + 1, 0x9e3779b1) ^ seed) >>> 0);
      r = new Float32Array(dim);
      for (let k = 0; k < dim; k++) r[k] = rng.normal();
      proj.set(b, r);
    }
    return r;
  };
  const data = new Float32Array(N * dim);
  docs.forEach((tf, i) => {
    const out = data.subarray(i * dim, (i + 1) * dim);
    for (const [b, c] of tf) {
      // Smooth IDF as in scikit-learn; sublinear TF damps repeated n-grams.
      const w = (1 + Math.log(c)) * (Math.log((1 + N) / (1 + (df.get(b) ?? 0))) + 1);
      const r = row(b);
      for (let k = 0; k < dim; k++) out[k] += w * r[k];
    }
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += out[k] * out[k];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < dim; k++) out[k] /= norm;
  });
  return { rows: N, cols: dim, data, names: Array.from({ length: dim }, (_, k) => `title:${k}`) };
}
