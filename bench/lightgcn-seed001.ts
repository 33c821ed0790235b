// LightGCN on the seed001 protocol (MovieLens latest-small): ours and the PyTorch reference in one run.
//   node --import tsx bench/lightgcn-seed001.ts [--data DIR] [--iters 10000] [--seeds 1,2,3] [--no-torch] [--speed-only] [--backend wasm|js] [--threads N] [--json]
// Ours: `trainRun` (the run layer behind `gnnrec train`): seed001 split/hyper-parameters, validation (NDCG@20) every
// 200 iterations, test at the best validation iteration (the reference's rule). Reference: /usr/bin/python3
// ../shared/bench/lightgcn_torch.py (needs `apt-get install -y python3-torch python3-pandas`). Prints test Recall/NDCG@20 and ms per training iteration
// (sampling + forward + backward + Adam, validation excluded) for each, and the ratio ours/reference.
// Numbers depend on machine load: on the shared 2-core box other sessions run at the same time.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { trainRun, type TrainSummary } from '../src/run/train.ts';

interface Row {
  impl: string;
  seed: number;
  iters: number;
  best_iter: number;
  recall20: number;
  ndcg20: number;
  ms_per_iter: number;
  /** CPU milliseconds (all threads) per iteration; for torch, of the whole process divided by iterations. */
  cpu_ms_per_iter?: number;
}

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const backendName = await setBackend(
  arg('--backend', 'wasm') as 'js' | 'wasm',
  process.argv.includes('--threads') ? { threads: Number(arg('--threads', '2')) } : {},
);

const dataDir = resolve(arg('--data', '../shared/data/ml-latest-small'));
const iters = Number(arg('--iters', '10000'));
const seeds = arg('--seeds', '1').split(',').map(Number);
const runTorch = !process.argv.includes('--no-torch');
const json = process.argv.includes('--json');
const speedOnly = process.argv.includes('--speed-only');
const ref = resolve(arg('--ref', '../shared/bench/lightgcn_torch.py'));

async function ours(seed: number): Promise<Row> {
  const per = 200;
  // The run layer's pipeline (`gnnrec train`): seed001 split and prescribed config, validation @20 every epoch of
  // 200 iterations, best iteration restored, test @20. --speed-only: no validation (test of the last iteration).
  const run = await trainRun({
    kind: 'lightgcn',
    dataset: await loadDataset(dataDir),
    protocol: 'seed001',
    seed,
    config: { epochs: Math.ceil(iters / per), itersPerEpoch: per },
    cutoffs: [20],
    validate: !speedOnly,
  });
  const s = run.summary as TrainSummary & { ms_per_iteration: number; cpu_ms_per_iteration: number };
  return {
    impl: 'gnnrec',
    seed,
    iters,
    best_iter: s.best_epoch * per,
    recall20: s.metrics.test['recall@20']!,
    ndcg20: s.metrics.test['ndcg@20']!,
    ms_per_iter: s.ms_per_iteration,
    cpu_ms_per_iter: s.cpu_ms_per_iteration,
  };
}

function torch(seed: number): Row | null {
  if (!existsSync('/usr/bin/python3') || !existsSync(ref)) return null;
  // `times` reports the child's CPU time; with --speed-only the reference validates once, so it is mostly training.
  const evalEvery = speedOnly ? iters : 200;
  const cmd = `/usr/bin/python3 '${ref}' '${join(dataDir, 'ratings.csv')}' --iters ${iters} --eval-every ${evalEvery} --seed ${seed}; times`;
  const p = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' });
  const lines = p.stdout.trim().split('\n');
  // `times` prints two lines: the shell's own CPU time, then its children's (the reference).
  const childTimes = lines.pop() ?? '';
  lines.pop();
  const cpu = childTimes.split(/\s+/).map((t) => {
    const m = /(\d+)m([\d.]+)s/.exec(t);
    return m ? 60 * Number(m[1]) + Number(m[2]) : 0;
  });
  const last = lines.pop() ?? '';
  if (p.status !== 0 || !last.includes('"final"')) {
    process.stderr.write(`torch reference failed: ${(p.stderr || last).trim().split('\n').pop()}\n`);
    return null;
  }
  const f = JSON.parse(last) as {
    best_iter: number;
    test_recall: number;
    test_ndcg: number;
    ms_per_iter: number;
  };
  return {
    impl: 'torch',
    seed,
    iters,
    best_iter: f.best_iter,
    recall20: f.test_recall,
    ndcg20: f.test_ndcg,
    ms_per_iter: f.ms_per_iter,
    cpu_ms_per_iter: (1000 * (cpu[0] + cpu[1])) / iters,
  };
}

const rows: Row[] = [];
for (const seed of seeds) {
  rows.push(await ours(seed));
  if (!json) console.log(JSON.stringify(rows[rows.length - 1]));
  if (runTorch) {
    const t = torch(seed);
    if (t) rows.push(t);
    if (t && !json) console.log(JSON.stringify(t));
  }
}
const mean = (impl: string, k: keyof Row): number => {
  const r = rows.filter((x) => x.impl === impl);
  return r.reduce((s, x) => s + (x[k] as number), 0) / Math.max(1, r.length);
};
const summary = {
  protocol: 'seed001',
  backend: backendName,
  iters,
  seeds,
  gnnrec: {
    recall20: mean('gnnrec', 'recall20'),
    ndcg20: mean('gnnrec', 'ndcg20'),
    ms_per_iter: mean('gnnrec', 'ms_per_iter'),
    cpu_ms_per_iter: mean('gnnrec', 'cpu_ms_per_iter'),
  },
  torch: rows.some((r) => r.impl === 'torch')
    ? {
        recall20: mean('torch', 'recall20'),
        ndcg20: mean('torch', 'ndcg20'),
        ms_per_iter: mean('torch', 'ms_per_iter'),
        cpu_ms_per_iter: mean('torch', 'cpu_ms_per_iter'),
      }
    : null,
  ratio_ms: rows.some((r) => r.impl === 'torch')
    ? mean('gnnrec', 'ms_per_iter') / mean('torch', 'ms_per_iter')
    : null,
  ratio_cpu_ms: rows.some((r) => r.impl === 'torch')
    ? mean('gnnrec', 'cpu_ms_per_iter') / mean('torch', 'cpu_ms_per_iter')
    : null,
  rows,
};
console.log(JSON.stringify(json ? summary : { ...summary, rows: undefined }));
