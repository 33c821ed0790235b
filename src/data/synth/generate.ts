import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GnnrecError } from '../../util/errors.ts';
import { Rng } from '../../util/rng.ts';
import { ByteWriter } from './byte-writer.ts';
import { userDegrees } from './degrees.ts';
import { PowerLaw } from './power-law.ts';
import { genreName, synthTitle } from './titles.ts';

/** Which files `synthesize` writes. */
export type SynthFormat = 'lightgcn' | 'csv' | 'both';

/** Options of `synthesize`. */
export interface SynthOptions {
  users: number;
  items: number;
  interactions: number;
  /** Output folder (created); `both` writes `lightgcn/` and `csv/` under it. */
  out: string;
  seed?: number;
  format?: SynthFormat;
  /** Latent communities (genres); default min(20, items/10), at least 1. */
  genres?: number;
  /** Share of a user's interactions drawn from their home community (default 0.7). */
  affinity?: number;
  /** Power-law exponent of item popularity (default 0.9). */
  itemExponent?: number;
  /** Pareto tail index of user activity (default 1.3; smaller = heavier tail). */
  activityAlpha?: number;
  /** Share of each user's latest interactions written to `test.txt` (default 0.2). */
  testShare?: number;
  /** Called every ~2^20 interactions with the count written so far. */
  onProgress?: (written: number, total: number) => void;
}

/** What `synthesize` wrote. */
export interface SynthSummary {
  users: number;
  items: number;
  /** Items that received at least one interaction (the readers see only these). */
  itemsWithInteractions: number;
  interactions: number;
  train: number;
  test: number;
  genres: number;
  seed: number;
  files: string[];
  bytes: number;
  seconds: number;
  /** CPU seconds of this process (user + system) while generating: the stable number on a shared machine. */
  cpuSeconds: number;
  /** Interactions written per second (counted once, whatever the format). */
  rate: number;
}

// Ratings in half stars 1..10, written as MovieLens does ("4.5", "3.0").
const RATING_BYTES = Array.from({ length: 11 }, (_, h) =>
  Buffer.from(`,${Math.floor(h / 2)}.${h % 2 ? 5 : 0},`),
);
const T0 = 1_200_000_000;

/**
 * Writes a seeded synthetic interaction dataset with the structure of real data, streaming: users
 * are generated one at a time (their items, ratings and timestamps in a buffer of one user's
 * degree), so memory is O(users + items), never O(interactions). User activity has a Pareto tail;
 * item popularity is a power law; each user has a home community (genre) from which `affinity` of
 * their items come and which they rate higher. LightGCN output puts each user's latest
 * `testShare` items in `test.txt`; CSV output is MovieLens-style `ratings.csv` + `movies.csv`. Both formats use
 * the same 0-based ids, so a model trained on one and a store imported from the other agree on every user and item.
 */
export function synthesize(opts: SynthOptions): SynthSummary {
  const { users: nu, items: ni, interactions: n } = opts;
  for (const [flag, v] of [
    ['--users', nu],
    ['--items', ni],
    ['--interactions', n],
  ] as const)
    if (!Number.isSafeInteger(v) || v <= 0)
      throw new GnnrecError(`${flag} must be a positive integer (got ${v})`);
  if (ni >= 2 ** 31 || nu >= 2 ** 31) throw new GnnrecError('--users and --items must be below 2^31');
  const seed = opts.seed ?? 1;
  const format = opts.format ?? 'both';
  const k = opts.genres ?? Math.max(1, Math.min(20, Math.floor(ni / 10)));
  if (!Number.isInteger(k) || k < 1 || k > ni)
    throw new GnnrecError(`--genres must be in 1..items (got ${k})`);
  const affinity = opts.affinity ?? 0.7;
  const testShare = opts.testShare ?? 0.2;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const rng = new Rng(seed);

  const maxDeg = Math.max(2, Math.floor(ni / 2));
  const deg = userDegrees(nu, n, Math.min(ni, maxDeg), rng.fork(1), opts.activityAlpha);
  let longest = 0;
  for (let u = 0; u < nu; u++) if (deg[u]! > longest) longest = deg[u]!;

  // Popularity rank r belongs to community r mod k; `perm` scatters ranks over item ids.
  const perm = new Int32Array(ni);
  for (let i = 0; i < ni; i++) perm[i] = i;
  rng.fork(2).shuffle(perm);
  const s = opts.itemExponent ?? 0.9;
  const global = new PowerLaw(ni, s);
  const inCommunity = Array.from({ length: k }, (_, c) => new PowerLaw(Math.floor((ni - 1 - c) / k) + 1, s));

  const lgDir = format === 'both' ? join(opts.out, 'lightgcn') : opts.out;
  const csvDir = format === 'both' ? join(opts.out, 'csv') : opts.out;
  const writers: ByteWriter[] = [];
  const open = (dir: string, name: string): ByteWriter => {
    mkdirSync(dir, { recursive: true });
    const w = new ByteWriter(join(dir, name));
    writers.push(w);
    return w;
  };
  const train = format !== 'csv' ? open(lgDir, 'train.txt') : null;
  const test = format !== 'csv' ? open(lgDir, 'test.txt') : null;
  const ratings = format !== 'lightgcn' ? open(csvDir, 'ratings.csv') : null;
  ratings?.text('userId,movieId,rating,timestamp\n');

  const stamp = new Int32Array(ni);
  const seen = new Uint8Array(ni);
  const picked = new Int32Array(longest);
  const half = new Uint8Array(longest);
  const draw = rng.fork(3);
  let written = 0;
  let nTrain = 0;
  let nextReport = 1 << 20;
  for (let u = 0; u < nu; u++) {
    const d = deg[u]!;
    const home = draw.int(k);
    const tag = u + 1;
    for (let j = 0; j < d; j++) {
      let item = -1;
      let fromHome = false;
      for (let tries = 0; tries < 16 && item < 0; tries++) {
        fromHome = draw.uniform() < affinity;
        const r = fromHome ? home + k * inCommunity[home]!.rank(draw.uniform()) : global.rank(draw.uniform());
        const cand = perm[r]!;
        if (stamp[cand] !== tag) item = cand;
      }
      if (item < 0) {
        // A very active user exhausting the head: take the next unused item after a uniform one.
        let cand = draw.int(ni);
        while (stamp[cand] === tag) cand = cand + 1 === ni ? 0 : cand + 1;
        item = cand;
        fromHome = false;
      }
      stamp[item] = tag;
      seen[item] = 1;
      picked[j] = item;
      // Home-community items are rated 3.5–5, others 1–4 (half stars).
      half[j] = fromHome ? 7 + draw.int(4) : 2 + draw.int(7);
    }
    const nTest = d >= 2 ? Math.max(1, Math.round(testShare * d)) : 0;
    const cut = d - nTest;
    nTrain += cut;
    if (train && test) {
      if (cut > 0) {
        train.uint(u);
        for (let j = 0; j < cut; j++) {
          train.byte(32);
          train.uint(picked[j]!);
        }
        train.byte(10);
      }
      if (nTest > 0) {
        test.uint(u);
        for (let j = cut; j < d; j++) {
          test.byte(32);
          test.uint(picked[j]!);
        }
        test.byte(10);
      }
    }
    if (ratings) {
      let t = T0 + draw.int(400_000_000);
      const who = Buffer.from(`${u},`, 'latin1');
      for (let j = 0; j < d; j++) {
        t += 1 + draw.int(259_200);
        ratings.raw(who);
        ratings.uint(picked[j]!);
        ratings.raw(RATING_BYTES[half[j]!]!);
        ratings.uint(t);
        ratings.byte(10);
      }
    }
    written += d;
    if (written >= nextReport) {
      opts.onProgress?.(written, n);
      nextReport = written + (1 << 20);
    }
  }

  if (format !== 'lightgcn') {
    const genreOf = new Int32Array(ni);
    for (let r = 0; r < ni; r++) genreOf[perm[r]!] = r % k;
    const movies = open(csvDir, 'movies.csv');
    movies.text('movieId,title,genres\n');
    for (let i = 0; i < ni; i++) movies.text(`${i},${synthTitle(i)},${genreName(genreOf[i]!)}\n`);
  }
  let bytes = 0;
  for (const w of writers) {
    w.close();
    bytes += w.bytes;
  }
  opts.onProgress?.(n, n);
  let used = 0;
  for (let i = 0; i < ni; i++) used += seen[i]!;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    users: nu,
    items: ni,
    itemsWithInteractions: used,
    interactions: n,
    train: nTrain,
    test: n - nTrain,
    genres: k,
    seed,
    files: writers.map((w) => w.file),
    bytes,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rate: n / seconds,
  };
}
