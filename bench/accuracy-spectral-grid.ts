// Validation grid of the spectral filter on a split carved from training data (never test):
//   node --import tsx bench/accuracy-spectral-grid.ts --data DIR --protocol lightgcn|seed001
//        [--exps 0.5] [--shifts 0] [--fit-rank 512] [--ranks 256,384,512] [--powers 0,1,2] [--outs 0.5,0]
//        [--gammas 0,0.5,1,2] [--inputs raw,normalized] [--rownorm false,true] [--users N] [--seed 1]
// For each fit-time point (exponent, shift) the filter is fitted once by trainRun on the protocol's training part;
// per block of validation users the linear term (raw and normalized input) and each low-rank term are computed once,
// and every score-time combination is ranked from them. Prints one JSON line per point, then the best by NDCG@20.
import { loadDataset } from '../src/data/load.ts';
import { getProtocol } from '../src/eval/index.ts';
import { RankingMetrics } from '../src/eval/metrics.ts';
import { topKRow } from '../src/models/shared/topk.ts';
import type { SpectralFilter } from '../src/models/spectral-filter/model.ts';
import { trainRun } from '../src/run/index.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { validationUsers } from './validation-users.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const nums = (s: string): number[] => s.split(',').filter(Boolean).map(Number);
const strs = (s: string): string[] => s.split(',').filter(Boolean);

interface Point {
  exp: number;
  shift: number;
  rank: number;
  power: number;
  outExp: number;
  gamma: number;
  linearInput: string;
  rowNorm: boolean;
  acc: RankingMetrics;
}

async function main(): Promise<void> {
  await setBackend(arg('backend', 'wasm') as 'js' | 'wasm');
  const dir = arg('data', '../shared/data/gowalla');
  const protocol = arg('protocol', 'lightgcn');
  const seed = Number(arg('seed', '1'));
  const fitRank = Number(arg('fit-rank', '512'));
  const ranks = nums(arg('ranks', '256,384,512'));
  const powers = nums(arg('powers', '0,1,2'));
  const outs = nums(arg('outs', '0.5,0'));
  const gammas = nums(arg('gammas', '0,0.5,1,2'));
  const inputs = strs(arg('inputs', 'raw,normalized'));
  const rownorms = strs(arg('rownorm', 'false,true')).map((s) => s === 'true');
  const maxUsers = Number(arg('users', '3000'));
  const ds = await loadDataset(dir);
  const setup = getProtocol(protocol).prepare(ds, seed);
  const { train: trainCsr, val: valCsr } = setup.csr;
  const I = setup.train.numItems;
  const users = validationUsers(valCsr, maxUsers, seed);
  const all: { point: Record<string, unknown>; recall: number; ndcg: number }[] = [];
  for (const exp of nums(arg('exps', '0.5')))
    for (const shift of nums(arg('shifts', '0'))) {
      // Fitted through the run layer on the protocol's training part only: no validation pass (the grid below is the
      // validation) and no look at test.
      const run = await trainRun({
        kind: 'spectral-filter',
        source: { data: dir },
        dataset: ds,
        setup,
        defaults: 'schema',
        config: { fitRank, maxRankFraction: 1, userExp: exp, itemExp: exp, degreeShift: shift },
        seed,
        validate: false,
        test: false,
      });
      const model = run.model as SpectralFilter;
      const fitS = run.summary.train_seconds;
      const points: Point[] = [];
      for (const rank of ranks)
        for (const power of powers)
          for (const outExp of outs)
            for (const gamma of gammas)
              for (const linearInput of inputs)
                for (const rowNorm of rownorms) {
                  if (gamma === 0 && linearInput !== inputs[0]) continue;
                  points.push({
                    exp,
                    shift,
                    rank,
                    power,
                    outExp,
                    gamma,
                    linearInput,
                    rowNorm,
                    acc: new RankingMetrics([20], I),
                  });
                }
      const bs = 256;
      const top = new Int32Array(20);
      const topS = new Float32Array(20);
      const rowSums = (x: Float32Array, n: number): Float64Array => {
        const s = new Float64Array(n);
        for (let b = 0; b < n; b++) for (let j = 0; j < I; j++) s[b] += x[b * I + j];
        return s;
      };
      for (let s = 0; s < users.length; s += bs) {
        const block = users.slice(s, s + bs);
        const ids = Int32Array.from(block);
        const lin = new Map<string, { x: Float32Array; sum: Float64Array }>();
        for (const linearInput of inputs) {
          model.reconfigure({ linearInput });
          const x = model.linearScores(ids);
          lin.set(linearInput, { x, sum: rowSums(x, block.length) });
        }
        for (const rank of ranks)
          for (const power of powers)
            for (const outExp of outs) {
              model.reconfigure({ rank, power, outExp, gamma: 0, rowNorm: false });
              const low = model.scoreUsers(ids);
              const lowSum = rowSums(low, block.length);
              for (const p of points) {
                if (p.rank !== rank || p.power !== power || p.outExp !== outExp) continue;
                const h = lin.get(p.linearInput);
                if (!h) continue;
                const sc = new Float32Array(low.length);
                for (let b = 0; b < block.length; b++) {
                  const fl = p.rowNorm ? 1 / lowSum[b] : 1;
                  const fh = p.gamma * (p.rowNorm ? 1 / h.sum[b] : 1);
                  const o = b * I;
                  for (let j = 0; j < I; j++) sc[o + j] = fl * low[o + j] + fh * h.x[o + j];
                  const u = block[b];
                  for (let q = trainCsr.indptr[u]; q < trainCsr.indptr[u + 1]; q++)
                    sc[o + trainCsr.indices[q]] = -Infinity;
                  topKRow(sc, o, I, 20, top, topS, 0);
                  p.acc.add(top, 0, valCsr.indices.subarray(valCsr.indptr[u], valCsr.indptr[u + 1]));
                }
              }
            }
      }
      for (const p of points) {
        const r = p.acc.result();
        const point = {
          exp: p.exp,
          shift: p.shift,
          rank: p.rank,
          power: p.power,
          outExp: p.outExp,
          gamma: p.gamma,
          linearInput: p.linearInput,
          rowNorm: p.rowNorm,
        };
        const row = { point, recall: r['recall@20'], ndcg: r['ndcg@20'] };
        all.push(row);
        console.log(JSON.stringify({ ...row, fit_seconds: +fitS.toFixed(1), users: users.length }));
      }
    }
  all.sort((a, b) => b.ndcg - a.ndcg);
  for (const r of all.slice(0, 5)) console.log(JSON.stringify({ best: r }));
}

await main();
