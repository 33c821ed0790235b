// "Similar items" that are similar (issue 19): for each kind that serves `similar`, trained through the run layer
// on every positive of ml-latest-small (protocol `full`: ratings ≥ 3.5), how much the top-10 lists of random item
// pairs overlap (mean Jaccard; one popularity direction gives ~1) and how often a neighbour shares a genre with the
// query (vs random).
//   nice -n 10 node --import tsx bench/similar.ts [--data DIR] [--models ease,graph-filter,…] [--pairs 300] [--json]
import { resolve } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { getProtocol } from '../src/eval/index.ts';
import { trainRun } from '../src/run/index.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { Rng } from '../src/util/rng.ts';

const K = 10;
/** Kinds measured by default, with the demo's short schedule for the trained ones. */
const KINDS: Array<{ kind: string; config: Record<string, unknown>; epochs?: number }> = [
  { kind: 'ease', config: {} },
  { kind: 'graph-filter', config: {} },
  { kind: 'item2vec', config: {} },
  { kind: 'mf-bpr', config: { itersPerEpoch: 100, lr: 5e-3 }, epochs: 10 },
  { kind: 'lightgcn', config: { itersPerEpoch: 100, lr: 5e-3 }, epochs: 10 },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  await setBackend('wasm');
  const data = resolve(arg('data') ?? '../shared/data/ml-latest-small');
  const ds = await loadDataset(data);
  const pairs = Number(arg('pairs') ?? 300);
  const only = arg('models')?.split(',');
  const json = process.argv.includes('--json');
  // Protocol `full`'s split, prepared once: every kind below is fitted on its positives by `trainRun`.
  const setup = getProtocol('full').prepare(ds, 1);
  const { train } = setup.train;
  const degree = new Int32Array(ds.items.size);
  for (const i of train.item) degree[i]!++;
  // Queries: items with at least 10 positives (a person asks about films they know), drawn with a fixed seed.
  const pool = Array.from(degree.keys()).filter((i) => degree[i]! >= 10);
  const rng = new Rng(19);
  const queries = Int32Array.from({ length: 2 * pairs }, () => pool[rng.int(pool.length)]!);
  const genres = (i: number): string[] =>
    (ds.itemMeta[i]?.genres ?? []).filter((g) => g !== '(no genres listed)');
  const shares = (a: number, b: number): boolean => genres(a).some((g) => genres(b).includes(g));
  let randomAgree = 0;
  for (let q = 0; q < queries.length; q++)
    randomAgree += shares(queries[q]!, pool[rng.int(pool.length)]!) ? 1 : 0;
  const rows: Array<Record<string, number | string>> = [];
  for (const c of KINDS.filter((x) => !only || only.includes(x.kind))) {
    const run = await trainRun({
      kind: c.kind,
      source: { data },
      dataset: ds,
      setup,
      defaults: 'schema',
      config: c.config,
      seed: 1,
      epochs: c.epochs,
    });
    const model = run.model;
    const fit = run.summary.train_seconds;
    const top = model.similarItems(queries, K);
    const list = (q: number): number[] =>
      Array.from(top.items.subarray(q * K, (q + 1) * K)).filter((i) => i >= 0);
    let jac = 0;
    let agree = 0;
    let listed = 0;
    let popRank = 0;
    const rank = popularityRank(degree);
    for (let p = 0; p < pairs; p++) {
      const a = new Set(list(2 * p));
      const b = list(2 * p + 1);
      const inter = b.filter((i) => a.has(i)).length;
      const union = a.size + b.length - inter;
      jac += union > 0 ? inter / union : 0;
    }
    for (let q = 0; q < queries.length; q++)
      for (const i of list(q)) {
        agree += shares(queries[q]!, i) ? 1 : 0;
        popRank += rank[i]!;
        listed++;
      }
    const row = {
      kind: c.kind,
      jaccard_top10: round(jac / pairs),
      genre_agreement: round(agree / Math.max(1, listed)),
      random_genre_agreement: round(randomAgree / queries.length),
      mean_popularity_rank: Math.round(popRank / Math.max(1, listed)),
      fit_seconds: round(fit),
    };
    rows.push(row);
    if (!json)
      console.log(
        `${c.kind.padEnd(13)} Jaccard@10 ${row.jaccard_top10.toFixed(3)}  genre agreement ${row.genre_agreement.toFixed(3)} (random ${row.random_genre_agreement.toFixed(3)})  pop-rank ${row.mean_popularity_rank}  fit ${row.fit_seconds} s`,
      );
  }
  if (json) console.log(JSON.stringify({ dataset: ds.name, pairs, k: K, rows }));
}

/** 1-based popularity rank per item (most positives first). */
function popularityRank(degree: Int32Array): Int32Array {
  const order = Array.from(degree.keys()).sort((a, b) => degree[b]! - degree[a]! || a - b);
  const r = new Int32Array(degree.length);
  order.forEach((i, n) => (r[i] = n + 1));
  return r;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
