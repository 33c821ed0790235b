// DSKReG vs MF-BPR vs LightGCN on MovieLens (issue 8).
//   node --import tsx bench/dskreg.ts [--data ../shared/data/ml-latest-small] [--threshold 3.5] [--models dskreg,lightgcn,mfbpr]
//        [--seed 1] [--split reference|random] [--max-seconds 600] [--eval-every 2] [--patience 5] [--lgn-epochs 50]
//        DSKReG (defaults: DSKREG_DEFAULTS): [--collab lightgcn|sampled] [--epochs N] [--iters N] [--k K] [--layers L] [--lr X]
//        [--l2 X] [--batch B] [--tau-decay X] [--no-normalize] [--sources genre,type,tag,decade] [--kg triples.csv]
//        [--backend js|wasm] [--threads N]
// Split: positives = ratings ≥ threshold (3.5 = the seed001 protocol on latest-small, 4 for ml-100k), 80/10/10:
// `--split reference` (default at threshold 3.5: the seed001 protocol's fixed split, numpy RandomState(1), the seed varies
// initialisation and sampling only) or `--split random` (default otherwise: Rng(seed).fork(1001), the split varies too). Every model: validation NDCG@20 every --eval-every epochs,
// best epoch restored, test Recall/NDCG@20 (train+val excluded) and Recall@20 restricted to test items with ≤ 5 training
// interactions. LightGCN/MF-BPR use the seed001 hyper-parameters (epochs = 200 iterations). Prints one JSON line per model.
// Wall-clock numbers depend on machine load (a shared 2-core box); cpu_seconds_per_epoch (process CPU time, training +
// validation) is the steadier cost measure.
import { resolve } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { positiveIndices, selectInteractions } from '../src/data/select.ts';
import { randomSplit, referenceSplit } from '../src/data/splits.ts';
import { interactionCsr } from '../src/graph/bipartite.ts';
import { evaluateRanking } from '../src/eval/index.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { Rng } from '../src/util/rng.ts';
import { LightGcn } from '../src/models/lightgcn/lightgcn.ts';
import { MfBpr } from '../src/models/mfbpr/mfbpr.ts';
import { Dskreg } from '../src/models/dskreg/model.ts';
import { DSKREG_DEFAULTS } from '../src/models/dskreg/config.ts';
import { rareItems, restrictedRecall } from '../src/models/dskreg/cold-recall.ts';
import type { Recommender } from '../src/models/recommender.ts';
import { trainWithEarlyStopping } from '../src/train/trainer.ts';

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
const models = arg('--models', 'dskreg,lightgcn,mfbpr').split(',');
const maxSeconds = Number(arg('--max-seconds', '600'));
const evalEvery = Number(arg('--eval-every', '2'));
const patience = Number(arg('--patience', '5'));

const ds = await loadDataset(dataDir);
const pos = selectInteractions(ds.interactions, positiveIndices(ds.interactions, threshold));
const splitKind = arg('--split', threshold === 3.5 ? 'reference' : 'random');
const s =
  splitKind === 'reference'
    ? referenceSplit(pos.user.length)
    : randomSplit(pos.user.length, [0.8, 0.1, 0.1], new Rng(seed).fork(1001));
const train = selectInteractions(pos, s.train);
const val = selectInteractions(pos, s.val);
const test = selectInteractions(pos, s.test);
const U = ds.users.size;
const I = ds.items.size;
const csr = {
  train: interactionCsr(U, I, train.user, train.item),
  val: interactionCsr(U, I, val.user, val.item),
  test: interactionCsr(U, I, test.user, test.item),
};
const rare = rareItems(I, train.item, 5);
const seed001 = {
  dim: 64,
  layers: 3,
  l2: 1e-6,
  l2Mode: 'sum' as const,
  lr: 1e-3,
  batch: 1024,
  epochs: 50,
  itersPerEpoch: 200,
};

function make(kind: string): Recommender {
  if (kind === 'lightgcn')
    return new LightGcn(U, I, { ...seed001, epochs: Number(arg('--lgn-epochs', '50')) });
  if (kind === 'mfbpr') return new MfBpr(U, I, { ...seed001, epochs: Number(arg('--lgn-epochs', '50')) });
  const D = DSKREG_DEFAULTS;
  return new Dskreg(U, I, {
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
  });
}

for (const kind of models) {
  const model = make(kind);
  const cpu0 = process.cpuUsage();
  const r = await trainWithEarlyStopping(
    model,
    { numUsers: U, numItems: I, train, val, dataset: ds },
    {
      seed,
      validate: () => evaluateRanking(model, { truth: csr.val, exclude: [csr.train], ks: [20] }),
      metric: 'ndcg@20',
      evalEvery,
      patience,
      maxSeconds,
      onEpoch: (e) =>
        process.stderr.write(
          `${kind} epoch ${e.epoch} loss ${e.loss.toFixed(4)} ${e.seconds.toFixed(1)} s${e.val ? ` val ndcg@20 ${e.val['ndcg@20'].toFixed(4)}` : ''}\n`,
        ),
    },
  );
  const cpu = process.cpuUsage(cpu0);
  const t = evaluateRanking(model, { truth: csr.test, exclude: [csr.train, csr.val], ks: [20] });
  const cold = restrictedRecall(model, csr.test, [csr.train, csr.val], rare, 20);
  console.log(
    JSON.stringify({
      dataset: ds.name,
      threshold,
      split: splitKind,
      model: kind,
      backend,
      seed,
      epochs: r.epochs,
      best_epoch: r.bestEpoch,
      recall20: t['recall@20'],
      ndcg20: t['ndcg@20'],
      rare_recall20: cold.recall,
      rare_users: cold.users,
      rare_test_items: cold.testItems,
      seconds_per_epoch: r.seconds / Math.max(1, r.epochs),
      // Process CPU time of training and validation per epoch: unlike wall time, hardly affected by other jobs on the box.
      cpu_seconds_per_epoch: (cpu.user + cpu.system) / 1e6 / Math.max(1, r.epochs),
      train_seconds: r.seconds,
      graph: r.extra?.graph,
    }),
  );
}
