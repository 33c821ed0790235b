// Hyper-parameter grid of the graph filter on a validation split carved from training data (never test):
//   node --import tsx bench/graph-filter-tune.ts --data DIR --protocol lightgcn|seed001
//        [--ranks 64,128,256,384] [--alphas 0,0.1,0.2,0.3,0.5,0.8,1.2] [--exps 0.5] [--sharpen 0,0.5,1,1.5,2.5]
//        [--users N] [--seed 1]
// The protocol's own validation part is used (lightgcn: 10% of the training items of 3 000 random users; seed001: the 10% validation edges).
// The filter is fitted on the remaining training data with the largest rank; for each user block the linear
// term and the ideal term for each k are computed once, and every α (and BSPM T_s, on small data) is ranked
// from them. Prints one JSON line per grid point, then the best by NDCG@20 on validation.
import { loadDataset } from '../src/data/load.ts';
import { RankingMetrics } from '../src/eval/metrics.ts';
import { topKRow } from '../src/models/shared/topk.ts';
import { trainRun } from '../src/run/train.ts';
import type { Signal } from '../src/models/graph-filter/filter.ts';
import type { ItemFilter } from '../src/models/graph-filter/filter.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { validationUsers } from './validation-users.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const nums = (s: string): number[] => s.split(',').filter(Boolean).map(Number);

async function main(): Promise<void> {
  // The filter's dense product runs on the backend (wasm unless --backend js).
  await setBackend(arg('backend', 'wasm') as 'js' | 'wasm');
  const dir = arg('data', '../shared/data/gowalla');
  const protocol = arg('protocol', 'lightgcn');
  const seed = Number(arg('seed', '1'));
  const ranks = nums(arg('ranks', '64,128,256,384'));
  const alphas = nums(arg('alphas', '0,0.1,0.2,0.3,0.5,0.8,1.2'));
  const exps = nums(arg('exps', '0.5'));
  const sharpen = nums(arg('sharpen', '0'));
  const maxUsers = Number(arg('users', '6000'));
  const ds = await loadDataset(dir);
  const results: { point: Record<string, number>; recall: number; ndcg: number }[] = [];
  for (const exp of exps) {
    // The run layer splits under the protocol and fits on its training part; no validation (the grid below is the
    // validation) and no test.
    const { model, setup, summary } = await trainRun({
      kind: 'graph-filter',
      dataset: ds,
      protocol,
      seed,
      config: { rank: Math.max(...ranks), maxRankFraction: 1, userExp: exp, itemExp: exp },
      validate: false,
      test: false,
    });
    const { train: trainCsr, val: valCsr } = setup.csr;
    const I = setup.train.numItems;
    const users = validationUsers(valCsr, maxUsers, seed);
    const fitS = summary.train_seconds; // the fit alone, as before (not the split)
    const filter = (model as unknown as { filter: ItemFilter }).filter;
    const grid: { rank: number; alpha: number; T: number; acc: RankingMetrics }[] = [];
    for (const rank of ranks)
      for (const alpha of alphas)
        for (const T of sharpen) {
          // α = 0 switches the ideal term off, so k does not matter there.
          if (alpha === 0 && rank !== ranks[0]) continue;
          grid.push({ rank, alpha, T, acc: new RankingMetrics([20], I) });
        }
    const bs = 256;
    const top = new Int32Array(20);
    const topS = new Float32Array(20);
    for (let s = 0; s < users.length; s += bs) {
      const block = users.slice(s, s + bs);
      const sig: Signal[] = block.map((u) => ({
        items: trainCsr.indices.subarray(trainCsr.indptr[u], trainCsr.indptr[u + 1]),
        weights: null,
      }));
      const lin = new Float32Array(block.length * I);
      filter.addLinear(sig, lin);
      for (const rank of ranks) {
        const ideal = new Float32Array(block.length * I);
        filter.addIdeal(sig, ideal, 1, rank);
        for (const g of grid) {
          if (g.rank !== rank) continue;
          const sc = new Float32Array(lin.length);
          for (let x = 0; x < sc.length; x++) sc[x] = lin[x] + g.alpha * ideal[x];
          if (g.T > 0) filter.sharpen(sc, block.length, g.T, 1, 'rk4');
          for (let b = 0; b < block.length; b++) {
            const u = block[b];
            for (let p = trainCsr.indptr[u]; p < trainCsr.indptr[u + 1]; p++)
              sc[b * I + trainCsr.indices[p]] = -Infinity;
            topKRow(sc, b * I, I, 20, top, topS, 0);
            g.acc.add(top, 0, valCsr.indices.subarray(valCsr.indptr[u], valCsr.indptr[u + 1]));
          }
        }
      }
    }
    for (const g of grid) {
      const r = g.acc.result();
      const row = {
        point: { exp, rank: g.rank, alpha: g.alpha, sharpenT: g.T },
        recall: r['recall@20'],
        ndcg: r['ndcg@20'],
      };
      results.push(row);
      console.log(JSON.stringify({ ...row, fit_seconds: +fitS.toFixed(1), users: users.length }));
    }
  }
  results.sort((a, b) => b.ndcg - a.ndcg);
  console.log(JSON.stringify({ best: results[0] }));
}

await main();
