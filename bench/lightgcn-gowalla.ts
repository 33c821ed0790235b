// LightGCN on Gowalla (protocol lightgcn): training speed at batch 2048, full-evaluation time, and optionally a
// time-boxed training run.
//   node --import tsx bench/lightgcn-gowalla.ts [--data DIR] [--batches 5] [--eval-users 0=all]
//        [--train-minutes M --batch B --lr X --lr-decay F --lr-decay-start E --sampling user|edge --patience P --epochs E
//         --init normal|svd --init-std S --no-test] [--torch] [--backend wasm|js] [--threads N] [--json]
// Timing: `--batches` propagation+BPR+Adam steps at batch 2048 → ms/batch and the implied seconds per epoch
// (⌈train edges / 2048⌉ batches); `--batches 0` runs and times one whole epoch (`epoch_seconds_2048`). Evaluation: Recall/NDCG@20 of all test users (train and validation items
// excluded) through `Recommender.rankUsers` (the backend's topkDot); `--eval-users N` times the first N and extrapolates.
// Training: `--train-minutes` trains under the protocol through the run layer (`trainRun`: validation NDCG@20 on the
// protocol's validation part, 3 000 users, every epoch, best epoch restored) and reports test metrics once. `--torch` also runs ../shared/bench/lightgcn_torch_txt.py.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { evaluateRanking } from '../src/eval/evaluate.ts';
import type { Csr } from '../src/tensor/csr.ts';
import { trainRun } from '../src/run/train.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const backendName = await setBackend(
  arg('--backend', 'wasm') as 'js' | 'wasm',
  process.argv.includes('--threads') ? { threads: Number(arg('--threads', '2')) } : {},
);
const dir = resolve(arg('--data', '../shared/data/gowalla'));
const batches = Number(arg('--batches', '5'));
const evalUsers = Number(arg('--eval-users', '0'));
const trainMinutes = Number(arg('--train-minutes', '0'));
const json = process.argv.includes('--json');
const log = (s: string): void => {
  if (!json) process.stderr.write(s + '\n');
};

/** Keeps only the rows of `users` in a CSR (other rows empty). */
function restrictRows(m: Csr, users: Set<number>): Csr {
  const indptr = new Int32Array(m.rows + 1);
  const idx: number[] = [];
  for (let u = 0; u < m.rows; u++) {
    if (users.has(u)) for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) idx.push(m.indices[p]);
    indptr[u + 1] = idx.length;
  }
  return { rows: m.rows, cols: m.cols, indptr, indices: Int32Array.from(idx), values: null };
}

const ds = await loadDataset(dir);
// 1. Seconds per epoch at batch 2048: `--batches` steps (or, with `--batches 0`, one whole epoch with its epoch-end
// propagation, as training runs it) fitted by the run layer under the protocol, without validation or test.
const step = await trainRun({
  kind: 'lightgcn',
  dataset: ds,
  protocol: 'lightgcn',
  seed: 1,
  config: { batch: 2048, epochs: 1, itersPerEpoch: batches },
  validate: false,
  test: false,
});
const setup = step.setup;
const { numUsers: U, numItems: I } = setup.train;
const trainEdges = setup.train.train.user.length;
const out: Record<string, unknown> = {
  backend: backendName,
  dataset: ds.name,
  users: U,
  items: I,
  train_edges: trainEdges,
};

{
  const m = step.model;
  const r = {
    seconds: step.summary.train_seconds,
    extra: step.summary as unknown as Record<string, unknown>,
  };
  if (batches === 0) out.epoch_seconds_2048 = r.seconds;
  const { ms_per_iteration: ms, cpu_ms_per_iteration: cpuMs } = r.extra as {
    ms_per_iteration: number;
    cpu_ms_per_iteration: number;
  };
  out.ms_per_batch_2048 = ms;
  out.est_epoch_seconds_2048 = (ms * Math.ceil(trainEdges / 2048)) / 1000;
  // CPU time (all threads) is what the work costs whatever else runs on the machine.
  out.cpu_ms_per_batch_2048 = cpuMs;
  out.est_epoch_cpu_seconds_2048 = (cpuMs * Math.ceil(trainEdges / 2048)) / 1000;
  log(`batch 2048: ${ms.toFixed(0)} ms/batch → ${(out.est_epoch_seconds_2048 as number).toFixed(0)} s/epoch`);

  // 2. Full evaluation time of the model just stepped. `topkDot` scores exactly only what its bounds cannot rule out, so
  // the cost depends on the weights (bench/lightgcn-eval.ts times a trained model), and a small `--eval-users` sample
  // overstates it: the per-call preparation (basis, codes) is scaled up with the users.
  const users = new Set<number>();
  for (let u = 0; u < U; u++) if (setup.csr.test.indptr[u + 1] > setup.csr.test.indptr[u]) users.add(u);
  const all = users.size;
  const pick = evalUsers > 0 ? new Set([...users].slice(0, evalUsers)) : users;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  evaluateRanking(m, {
    truth: restrictRows(setup.csr.test, pick),
    exclude: [setup.csr.train, setup.csr.val],
    ks: [20],
  });
  const s = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  out.eval_cpu_seconds = ((c1.user + c1.system) / 1e6) * (all / pick.size);
  out.eval_users = all;
  out.eval_seconds = (s * all) / pick.size;
  out.eval_seconds_measured_users = pick.size;
  log(
    `full evaluation: ${(out.eval_seconds as number).toFixed(1)} s for ${all} users (measured on ${pick.size})`,
  );
}

// 3. Optional time-boxed training.
if (trainMinutes > 0) {
  const batch = Number(arg('--batch', '2048'));
  const lr = Number(arg('--lr', '0.001'));
  const lrDecay = Number(arg('--lr-decay', '1'));
  const lrDecayStart = Number(arg('--lr-decay-start', '0'));
  const sampling = arg('--sampling', String(setup.modelDefaults.sampling)) as 'edge' | 'user';
  const patience = Number(arg('--patience', '10'));
  // An epoch cap makes a run reproducible whatever the host's speed; the time box only guards the budget.
  const epochs = Number(arg('--epochs', '100000'));
  const init = arg('--init', 'normal');
  const initStd = Number(arg('--init-std', '0.1'));
  // Probes that compare recipes on validation must not see test.txt.
  const withTest = !process.argv.includes('--no-test');
  const run = await trainRun({
    kind: 'lightgcn',
    dataset: ds,
    protocol: 'lightgcn',
    seed: 1,
    config: { batch, lr, lrDecay, lrDecayStart, sampling, epochs, init, initStd },
    epochs,
    test: withTest,
    patience,
    cutoffs: [20],
    maxSeconds: trainMinutes * 60,
    onEpoch: (e) =>
      log(
        `epoch ${e.epoch} ${e.seconds.toFixed(1)} s loss ${e.loss.toFixed(4)} val ndcg@20 ${e.val?.['ndcg@20']?.toFixed(4)}`,
      ),
  });
  const test = run.summary.metrics.test;
  const r = {
    epochs: run.summary.epochs,
    bestEpoch: run.summary.best_epoch,
    seconds: run.summary.train_seconds,
  };
  out.training = {
    batch,
    lr,
    max_epochs: epochs,
    lr_decay: lrDecay,
    lr_decay_start: lrDecayStart,
    sampling,
    init,
    init_std: initStd,
    patience,
    minutes: trainMinutes,
    epochs: r.epochs,
    best_epoch: r.bestEpoch,
    train_seconds: r.seconds,
    val_ndcg20: run.summary.metrics.val['ndcg@20'],
    test_recall20: test['recall@20'],
    test_ndcg20: test['ndcg@20'],
  };
  log(JSON.stringify(out.training));
}

if (process.argv.includes('--torch')) {
  const p = spawnSync('/usr/bin/python3', [resolve('../shared/bench/lightgcn_torch_txt.py'), dir], {
    encoding: 'utf8',
  });
  out.torch =
    p.status === 0
      ? JSON.parse(p.stdout.trim().split('\n').pop() ?? 'null')
      : { error: p.stderr.trim().split('\n').pop() };
}
console.log(JSON.stringify(out));
