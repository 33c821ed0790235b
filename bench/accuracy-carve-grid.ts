// Graph-filter (GF-CF / BSPM-EM) and spectral-filter validation on a carve that mimics LightGCN's test split:
//   node --import tsx bench/accuracy-carve-grid.ts --data DIR [--ratio 0.2] [--users 10000] [--seed 1]
//        [--ranks 384,448] [--alphas 0.1,0.2,0.3] [--ts 0,1,2.5] [--spectral true]
//        [--spectral-fit JSON|[JSON, ...] --spectral-points '[["name", {score-time keys}], ...]']
// The protocol's train and validation parts (together: train.txt, never test.txt) are re-carved: `ratio` of every
// user's items held out at random (LightGCN's Gowalla test.txt is ≈ 20% of each user's items), the filters are
// fitted on the rest, and `users` of the holders are scored. BSPM-EM's one Euler sharpening step is linear, so
// s = (lin + α·ideal_k) − T·(lin + α·ideal_k)·R̃ᵀR̃ is mixed from four parts computed once per block. Per-user
// Recall@20 and NDCG@20 give paired differences (mean ± standard error) against GF-CF's default point (k 384, α 0.3, T 0), or
// against the first spectral point when `--gf false`. `--spectral-fit` fits the spectral filter once with those keys
// (an array: once per object, rows paired across fits) and scores each `--spectral-points` entry on it (score-time keys only, e.g. sharpenT / sharpenSolver / gamma).
import { loadDataset } from '../src/data/load.ts';
import { getProtocol } from '../src/eval/index.ts';
import { interactionCsr } from '../src/graph/bipartite.ts';
import { GraphFilter } from '../src/models/graph-filter/model.ts';
import type { Signal } from '../src/models/graph-filter/filter.ts';
import { topKRow } from '../src/models/shared/topk.ts';
import { SpectralFilter } from '../src/models/spectral-filter/model.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import type { Csr } from '../src/tensor/csr.ts';
import { carveValidation } from '../src/tune/split.ts';
import { validationUsers } from './validation-users.ts';
import { fitData } from '../src/run/fit-data.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const nums = (s: string): number[] => s.split(',').filter(Boolean).map(Number);

const K = 20;
const DISC = Float64Array.from({ length: K }, (_, r) => 1 / Math.log2(r + 2));

/** Per-user Recall@20 and NDCG@20 of one configuration (index = position in the scored user list). */
class PerUser {
  readonly recall: Float64Array;
  readonly ndcg: Float64Array;
  constructor(
    readonly name: string,
    n: number,
  ) {
    this.recall = new Float64Array(n);
    this.ndcg = new Float64Array(n);
  }
}

/** Masks the fit items of row b (user u), ranks the top 20 and records the user's metrics at position `at`. */
function record(
  sc: Float32Array,
  b: number,
  I: number,
  u: number,
  fit: Csr,
  val: Csr,
  out: PerUser,
  at: number,
  top: Int32Array,
  topS: Float32Array,
): void {
  const o = b * I;
  for (let q = fit.indptr[u]; q < fit.indptr[u + 1]; q++) sc[o + fit.indices[q]] = -Infinity;
  topKRow(sc, o, I, K, top, topS, 0);
  const held = new Set<number>();
  for (let q = val.indptr[u]; q < val.indptr[u + 1]; q++) held.add(val.indices[q]);
  let hits = 0;
  let dcg = 0;
  for (let r = 0; r < K; r++)
    if (held.has(top[r])) {
      hits++;
      dcg += DISC[r];
    }
  let idcg = 0;
  for (let r = 0; r < Math.min(K, held.size); r++) idcg += DISC[r];
  out.recall[at] = hits / held.size;
  out.ndcg[at] = idcg > 0 ? dcg / idcg : 0;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** Mean and standard error of a − b over users. */
function paired(a: Float64Array, b: Float64Array): { diff: number; se: number } {
  const n = a.length;
  let s = 0,
    s2 = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    s += d;
    s2 += d * d;
  }
  const m = s / n;
  return { diff: m, se: Math.sqrt(Math.max(0, s2 / n - m * m) / n) };
}

async function main(): Promise<void> {
  await setBackend('wasm');
  const dir = arg('data', '../shared/data/gowalla');
  const seed = Number(arg('seed', '1'));
  const ratio = Number(arg('ratio', '0.2'));
  const ranks = nums(arg('ranks', '384,448'));
  const alphas = nums(arg('alphas', '0.1,0.2,0.3'));
  const ts = nums(arg('ts', '0,1,2.5'));
  const ds = await loadDataset(dir);
  const setup = getProtocol('lightgcn').prepare(ds, seed);
  const { numUsers, numItems: I } = setup.train;
  const full = fitData(setup, 'train+validation');
  const carve = carveValidation(full, seed, numUsers, ratio);
  const fitCsr = interactionCsr(numUsers, I, carve.fit.train.user, carve.fit.train.item);
  const valCsr = interactionCsr(numUsers, I, carve.val.user, carve.val.item);
  const users = validationUsers(valCsr, Number(arg('users', '10000')), seed);
  const n = users.length;
  console.error(`carve: ${carve.val.user.length} held-out of ${full.train.user.length}; scoring ${n} users`);

  const top = new Int32Array(K);
  const topS = new Float32Array(K);
  const bs = 256;
  const rows: PerUser[] = [];
  if (arg('gf', 'true') === 'true') rows.push(...(await graphFilterGrid()));

  async function graphFilterGrid(): Promise<PerUser[]> {
    const t0 = performance.now();
    const gf = new GraphFilter(numUsers, I, { rank: Math.max(...ranks) });
    await gf.fit(carve.fit, { seed });
    const f = gf.itemFilter();
    console.error(`graph-filter fit ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const combos: { k: number; a: number; t: number; m: PerUser }[] = [];
    for (const k of ranks)
      for (const a of alphas)
        for (const t of ts) combos.push({ k, a, t, m: new PerUser(`gf k${k} α${a} T${t}`, n) });
    const t1 = performance.now();
    for (let s = 0; s < n; s += bs) {
      const block = users.slice(s, s + bs);
      const rowsN = block.length;
      const signals: Signal[] = block.map((u) => ({
        items: fitCsr.indices.subarray(fitCsr.indptr[u], fitCsr.indptr[u + 1]),
        weights: null,
      }));
      const lin = new Float32Array(rowsN * I);
      f.addLinear(signals, lin);
      // x·R̃ᵀR̃ = x − sharpen(x) for one Euler step of length 1.
      const gram = (x: Float32Array): Float32Array => {
        const y = x.slice();
        f.sharpen(y, rowsN, 1, 1, 'euler');
        for (let i = 0; i < y.length; i++) y[i] = x[i] - y[i];
        return y;
      };
      const linP = ts.some((t) => t > 0) ? gram(lin) : lin;
      for (const k of ranks) {
        const id = new Float32Array(rowsN * I);
        f.addIdeal(signals, id, 1, k);
        const idP = ts.some((t) => t > 0) ? gram(id) : id;
        for (const c of combos) {
          if (c.k !== k) continue;
          const sc = new Float32Array(rowsN * I);
          for (let i = 0; i < sc.length; i++) sc[i] = lin[i] + c.a * id[i] - c.t * (linP[i] + c.a * idP[i]);
          for (let b = 0; b < rowsN; b++) record(sc, b, I, block[b], fitCsr, valCsr, c.m, s + b, top, topS);
        }
      }
    }
    console.error(`graph-filter grid ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    return combos.map((c) => c.m);
  }

  if (arg('spectral', 'true') === 'true') {
    // One object fits once; an array fits each in turn (e.g. SVD accuracy: powerIters / oversample), every fit
    // scored on the same users so the rows stay paired.
    const fitArg = JSON.parse(arg('spectral-fit', '{}')) as
      Record<string, unknown> | Record<string, unknown>[];
    const fits = Array.isArray(fitArg) ? fitArg : [fitArg];
    const given = JSON.parse(arg('spectral-points', 'null')) as [string, Record<string, unknown>][] | null;
    const points: [string, Record<string, unknown>][] = given ?? [
      ['spectral defaults (p 1, γ 2.5)', {}],
      ['spectral SGFCF point (p 1.6, γ 1.6)', { power: 1.6, gamma: 1.6 }],
      ...nums(arg('spectral-ts', '')).map((t): [string, Record<string, unknown>] => [
        `spectral defaults T${t}`,
        { power: 1, gamma: 2.5, sharpenT: t },
      ]),
    ];
    for (const fitKeys of fits) {
      const t2 = performance.now();
      const label = fits.length > 1 ? `${JSON.stringify(fitKeys)} ` : '';
      const sf = new SpectralFilter(numUsers, I, fitKeys);
      await sf.fit(carve.fit, { seed });
      console.error(`${label}spectral fit ${((performance.now() - t2) / 1000).toFixed(1)} s`);
      for (const [name, cfg] of points) {
        sf.reconfigure(cfg);
        const m = new PerUser(label + name, n);
        for (let s = 0; s < n; s += bs) {
          const block = users.slice(s, s + bs);
          const sc = sf.scoreUsers(Int32Array.from(block));
          for (let b = 0; b < block.length; b++)
            record(sc, b, I, block[b], fitCsr, valCsr, m, s + b, top, topS);
        }
        rows.push(m);
        // Paired against the first row as soon as scored, so a long grid cut short still reports its finished rows.
        const dr = paired(m.recall, rows[0].recall);
        const dn = paired(m.ndcg, rows[0].ndcg);
        console.error(
          `${m.name}: Recall@20 ${mean(m.recall).toFixed(5)} (${dr.diff.toFixed(5)} ± ${dr.se.toFixed(5)}), ` +
            `NDCG@20 ${mean(m.ndcg).toFixed(5)} (${dn.diff.toFixed(5)} ± ${dn.se.toFixed(5)}) ` +
            `(${((performance.now() - t2) / 1000).toFixed(1)} s)`,
        );
      }
      console.error(`${label}spectral fit + score ${((performance.now() - t2) / 1000).toFixed(1)} s`);
    }
  }

  const base = rows.find((r) => r.name === 'gf k384 α0.3 T0') ?? rows[0];
  for (const r of rows) {
    const d = paired(r.ndcg, base.ndcg);
    const dr = paired(r.recall, base.recall);
    console.log(
      JSON.stringify({
        config: r.name,
        recall: +mean(r.recall).toFixed(5),
        ndcg: +mean(r.ndcg).toFixed(5),
        recall_vs_base: +dr.diff.toFixed(5),
        recall_se: +dr.se.toFixed(5),
        ndcg_vs_base: +d.diff.toFixed(5),
        se: +d.se.toFixed(5),
        users: n,
      }),
    );
  }
  process.exit(0);
}

await main();
