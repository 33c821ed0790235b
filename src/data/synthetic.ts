import { IdMap } from './idmap.ts';
import type { Dataset, ItemMeta } from './types.ts';
import { Rng } from '../util/rng.ts';
import { GnnrecError } from '../util/errors.ts';
import { SYNTHETIC_GENRES, SYNTHETIC_TYPES, TITLE_ADJECTIVES, TITLE_NOUNS } from './synthetic-words.ts';

/** Options of `generateSynthetic`. */
export interface SyntheticOptions {
  users: number;
  items: number;
  /** Interactions per user, exactly (capped at `items`); default 20. */
  interactionsPerUser?: number;
  /** Number of genres; default 8. */
  genres?: number;
  /** Seed of the generator; the same options always give the same dataset. */
  seed: number;
  /** Explicit ratings 0.5–5 in half steps (default true); false gives implicit data (rating 1). */
  explicit?: boolean;
  /** Latent dimension of the hidden user/item factors; default 8. */
  dim?: number;
}

/**
 * Generates a dataset from hidden latent factors: items get 1–3 genres whose vectors shape their
 * factors, users pick items by softmax affinity (Gumbel top-k), ratings follow affinity; items carry
 * readable unique titles like "The Silent Harbor (1994)", a year, genres and a type. Raw ids are "1".."N".
 */
export function generateSynthetic(opts: SyntheticOptions): Dataset {
  const { users: nu, items: ni, seed } = opts;
  const perUser = Math.min(opts.interactionsPerUser ?? 20, ni);
  const ng = opts.genres ?? 8;
  const dim = opts.dim ?? 8;
  const explicit = opts.explicit ?? true;
  if (!(nu > 0 && ni > 0 && ng > 0 && perUser > 0))
    throw new GnnrecError('synthetic data needs users, items, genres and interactionsPerUser > 0');
  const rng = new Rng(seed);
  const genreVec = normals(rng, ng * dim, 1);
  const itemVec = new Float32Array(ni * dim);
  const bias = new Float32Array(ni);
  const itemMeta: ItemMeta[] = [];
  const titles = new Set<string>();
  for (let i = 0; i < ni; i++) {
    const gs = pickGenres(rng, ng);
    for (let d = 0; d < dim; d++) {
      let s = 0;
      for (const g of gs) s += genreVec[g * dim + d]!;
      itemVec[i * dim + d] = s / gs.length + 0.5 * rng.normal();
    }
    bias[i] = rng.normal(0, 1);
    const year = 1950 + rng.int(71);
    itemMeta.push({
      title: `${uniqueTitle(rng, titles)} (${year})`,
      genres: gs.map(genreName),
      type: SYNTHETIC_TYPES[rng.int(SYNTHETIC_TYPES.length)]!,
      year,
      numeric: { popularity: Math.round(100 * Math.exp(bias[i]!)) / 100 },
    });
  }
  const n = nu * perUser;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  const score = new Float64Array(ni);
  const order = new Int32Array(perUser);
  const scale = 1 / Math.sqrt(dim);
  let k = 0;
  for (let u = 0; u < nu; u++) {
    const uv = normals(rng, dim, 1);
    for (let i = 0; i < ni; i++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += uv[d]! * itemVec[i * dim + d]!;
      score[i] = s * scale + bias[i]!;
    }
    // Gumbel top-k samples `perUser` distinct items with probability ∝ exp(score).
    topK(score, rng, perUser, order);
    let t = 1_500_000_000 + rng.int(50_000_000);
    for (let j = 0; j < perUser; j++) {
      const i = order[j]!;
      user[k] = u;
      item[k] = i;
      rating[k] = explicit
        ? halfStep(2.7 + 0.9 * (score[i]! - bias[i]!) + 0.3 * bias[i]! + 0.6 * rng.normal())
        : 1;
      t += 60 + rng.int(86_400 * 7);
      timestamp[k] = t;
      k++;
    }
  }
  return {
    name: `synthetic-${nu}x${ni}-s${seed}`,
    format: 'synthetic',
    users: new IdMap(Array.from({ length: nu }, (_, u) => String(u + 1))),
    items: new IdMap(Array.from({ length: ni }, (_, i) => String(i + 1))),
    interactions: { user, item, rating, timestamp },
    itemMeta,
    ratingRange: explicit ? [0.5, 5] : null,
  };
}

/** Writes into `out` the `out.length` indices with the largest `score + Gumbel noise`, best first. */
function topK(score: Float64Array, rng: Rng, k: number, out: Int32Array): void {
  // Insertion into a short sorted list: O(n) for the usual k ≪ n, no full sort per user.
  const best = new Float64Array(k).fill(-Infinity);
  for (let i = 0; i < score.length; i++) {
    const v = score[i]! + rng.gumbel();
    if (v <= best[k - 1]!) continue;
    let p = k - 1;
    while (p > 0 && best[p - 1]! < v) {
      best[p] = best[p - 1]!;
      out[p] = out[p - 1]!;
      p--;
    }
    best[p] = v;
    out[p] = i;
  }
}

function normals(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal(0, std);
  return out;
}

function pickGenres(rng: Rng, ng: number): number[] {
  const want = Math.min(ng, 1 + rng.int(3));
  const set = new Set<number>();
  while (set.size < want) set.add(rng.int(ng));
  return [...set].sort((a, b) => a - b);
}

function genreName(g: number): string {
  return SYNTHETIC_GENRES[g] ?? `Genre ${g + 1}`;
}

function uniqueTitle(rng: Rng, seen: Set<string>): string {
  const base = `The ${TITLE_ADJECTIVES[rng.int(TITLE_ADJECTIVES.length)]} ${TITLE_NOUNS[rng.int(TITLE_NOUNS.length)]}`;
  // Sequels keep titles unique once the word pairs run out.
  let t = base;
  for (let n = 2; seen.has(t); n++) t = `${base} ${n}`;
  seen.add(t);
  return t;
}

function halfStep(x: number): number {
  return Math.min(5, Math.max(0.5, Math.round(x * 2) / 2));
}

/** A dataset's interactions as a MovieLens `ratings.csv` text (raw ids, timestamps 1000, 1001, … in file order). */
export function ratingsCsv(ds: Dataset): string {
  const rows = ['userId,movieId,rating,timestamp'];
  const { user, item, rating } = ds.interactions;
  for (let k = 0; k < user.length; k++)
    rows.push(`${ds.users.raw(user[k])},${ds.items.raw(item[k])},${rating[k]},${1000 + k}`);
  return rows.join('\n') + '\n';
}
