// DSKReG vs MF-BPR vs LightGCN on MovieLens (issue 8).
//   node --import tsx bench/dskreg.ts [--data ../shared/data/ml-latest-small] [--threshold 3.5] [--models dskreg,lightgcn,mf-bpr]
//        [--seed 1] [--split reference|random] [--max-seconds 600] [--eval-every 2] [--patience 5] [--lgn-epochs 50]
//        DSKReG (defaults: DSKREG_DEFAULTS): [--collab lightgcn|sampled] [--epochs N] [--iters N] [--k K] [--layers L] [--lr X]
//        [--l2 X] [--batch B] [--tau-decay X] [--no-normalize] [--sources genre,type,tag,decade] [--kg triples.csv]
//        [--backend js|wasm] [--threads N]
// Split: positives = ratings ≥ threshold (3.5 = the seed001 protocol on latest-small, 4 for ml-100k), 80/10/10:
// `--split reference` (default at threshold 3.5: the seed001 protocol's fixed split, numpy RandomState(1), the seed varies
// initialisation and sampling only) or `--split random` (default otherwise: Rng(seed).fork(1001), the split varies too). Every model: validation NDCG@20 every --eval-every epochs,
// best epoch restored, test Recall/NDCG@20 (train+val excluded) and Recall@20 restricted to test items with ≤ 5 training
// interactions. LightGCN/MF-BPR use the seed001 hyper-parameters (epochs = 200 iterations) except its `edge` sampling (they
// run the schema's `user` sampling, as this bench always has). Prints one JSON line per model.
// Every model goes through the run layer: `trainRun` under the protocol `positives-T-random|reference` (src/eval/
// protocols-positives.ts) with the kinds' schema defaults under this bench's keys (`defaults: 'schema'`).
// Wall-clock numbers depend on machine load (a shared 2-core box); cpu_seconds_per_epoch (process CPU time, training +
// validation) is the steadier cost measure.
import { resolve } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { rareItems, restrictedRecall } from '../src/models/dskreg/cold-recall.ts';
import { DSKREG_DEFAULTS } from '../src/models/dskreg/config.ts';
import { trainRun } from '../src/run/train.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const backend = await setBackend(
  arg('--backend', 'wasm') as 'js' | 'wasm',
  process.argv.includes('--threads') ? { threads: Number(arg('--threads', '2')) } : {},
);
const dataDir = resolve(arg('--data', '../shared/data/ml-latest-small'));
const threshold = Number(arg('--threshold', '3.5'));
const seed = Number(arg('--seed', '1'));
const models = arg('--models', 'dskreg,lightgcn,mf-bpr').split(',');
const maxSeconds = Number(arg('--max-seconds', '600'));
const evalEvery = Number(arg('--eval-every', '2'));
const patience = Number(arg('--patience', '5'));
const splitKind = arg('--split', threshold === 3.5 ? 'reference' : 'random');

const ds = await loadDataset(dataDir);
const bpr = {
  dim: 64,
  l2: 1e-6,
  l2Mode: 'sum',
  lr: 1e-3,
  batch: 1024,
  itersPerEpoch: 200,
  epochs: Number(arg('--lgn-epochs', '50')),
};
const D = DSKREG_DEFAULTS;
// This bench's config of each kind it compares (DSKReG's from its flags); a kind not listed runs its schema defaults.
const configs: Record<string, Record<string, unknown>> = {
  lightgcn: { ...bpr, layers: 3 },
  'mf-bpr': bpr,
  mfbpr: bpr,
  dskreg: {
    collab: arg('--collab', D.collab),
    epochs: Number(arg('--epochs', String(D.epochs))),
    itersPerEpoch: Number(arg('--iters', String(D.itersPerEpoch))),
    k: Number(arg('--k', String(D.k))),
    layers: Number(arg('--layers', String(D.layers))),
    lr: Number(arg('--lr', String(D.lr))),
    l2: Number(arg('--l2', String(D.l2))),
    batch: Number(arg('--batch', String(D.batch))),
    tauDecay: Number(arg('--tau-decay', String(D.tauDecay))),
    normalize: !process.argv.includes('--no-normalize'),
    sources: arg('--sources', D.sources),
    kg: arg('--kg', ''),
  },
};

for (const kind of models) {
  const cpu0 = process.cpuUsage();
  // Training + validation CPU: read at the last epoch's report, before the run's test evaluation.
  let cpu = { user: 0, system: 0 };
  const run = await trainRun({
    kind,
    dataset: ds,
    protocol: `positives-${threshold}-${splitKind}`,
    seed,
    config: configs[kind] ?? {},
    defaults: 'schema',
    cutoffs: [20],
    evalEvery,
    patience,
    maxSeconds,
    onEpoch: (e) => {
      cpu = process.cpuUsage(cpu0);
      process.stderr.write(
        `${kind} epoch ${e.epoch} loss ${e.loss.toFixed(4)} ${e.seconds.toFixed(1)} s${e.val ? ` val ndcg@20 ${e.val['ndcg@20'].toFixed(4)}` : ''}\n`,
      );
    },
  });
  const s = run.summary;
  const t = s.metrics.test;
  const { csr, train } = run.setup;
  const cold = restrictedRecall(
    run.model,
    csr.test,
    [csr.train, csr.val],
    rareItems(ds.items.size, train.train.item, 5),
    20,
  );
  console.log(
    JSON.stringify({
      dataset: ds.name,
      threshold,
      split: splitKind,
      model: run.kind,
      backend,
      seed,
      epochs: s.epochs,
      best_epoch: s.best_epoch,
      recall20: t['recall@20'],
      ndcg20: t['ndcg@20'],
      rare_recall20: cold.recall,
      rare_users: cold.users,
      rare_test_items: cold.testItems,
      seconds_per_epoch: s.train_seconds / Math.max(1, s.epochs),
      // Process CPU time of training and validation per epoch: unlike wall time, hardly affected by other jobs on the box.
      cpu_seconds_per_epoch: (cpu.user + cpu.system) / 1e6 / Math.max(1, s.epochs),
      train_seconds: s.train_seconds,
      graph: s['graph'],
    }),
  );
}
