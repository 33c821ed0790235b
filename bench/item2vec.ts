// item2vec benchmark (issue 9): exact graph statistics, walk + SGNS time, item-to-item Recall@20 vs ItemKNN cosine,
// and the user-recommender comparison on the seed001 split. Run: node --import tsx bench/item2vec.ts [--data DIR] [--json]
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/data/load.ts';
import { getProtocol } from '../src/eval/index.ts';
import { buildCooccurrence } from '../src/graph/cooccurrence.ts';
import { interactionCsr } from '../src/graph/bipartite.ts';
import { csrTranspose } from '../src/tensor/csr.ts';
import { Item2VecRecommender } from '../src/models/item2vec/model.ts';
import { trainRun } from '../src/run/train.ts';
import { item2itemRecall, item2itemSplit } from './item2vec-item2item.ts';
import { knnIndex, knnScoreProfile, knnSimilar } from './item2vec-knn.ts';
import type { Dataset, Interactions } from '../src/data/types.ts';
import type { Recommender } from '../src/models/recommender.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/ml-latest-small' },
    seed: { type: 'string', default: '1' },
    config: { type: 'string', default: '{}' },
    user: { type: 'string', default: '[{"minRating":3.5,"minWeight":10}]' },
    only: { type: 'string', default: 'graph,time,item2item,user' },
    liked: { type: 'string', default: '5,4' },
    json: { type: 'boolean', default: false },
  },
});
const seed = Number(args.seed);
const config = JSON.parse(args.config) as Record<string, unknown>;
const only = new Set(args.only.split(','));
const ds = await loadDataset(args.data);
const out: Record<string, unknown> = { dataset: ds.name, seed, config };
const log = (s: string): void => void (args.json ? process.stderr : process.stdout).write(s + '\n');

function likedCsr(inter: Interactions, minRating: number): { byUser: ReturnType<typeof interactionCsr> } {
  const keep: number[] = [];
  for (let e = 0; e < inter.user.length; e++) if (inter.rating[e] >= minRating) keep.push(e);
  const u = Int32Array.from(keep, (e) => inter.user[e]);
  const i = Int32Array.from(keep, (e) => inter.item[e]);
  return { byUser: interactionCsr(ds.users.size, ds.items.size, u, i) };
}

async function fit(
  train: Interactions,
  cfg: Record<string, unknown>,
  d: Dataset,
): Promise<{ model: Item2VecRecommender; seconds: number; cpu: number; extra: unknown }> {
  const model = new Item2VecRecommender(cfg, { numUsers: d.users.size, numItems: d.items.size });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const rep = await model.fit(
    { numUsers: d.users.size, numItems: d.items.size, train, dataset: d },
    { seed },
  );
  // CPU seconds too: on a shared machine wall time mostly measures the neighbours.
  return {
    model,
    seconds: (performance.now() - t0) / 1000,
    cpu: process.cpuUsage(c0).user / 1e6,
    extra: rep.extra,
  };
}

if (only.has('graph')) {
  const t0 = performance.now();
  const g = buildCooccurrence(ds.interactions, ds.users.size, ds.items.size, { minRating: 5, minWeight: 10 });
  const ms = performance.now() - t0;
  const avg = (2 * g.numEdges) / g.nodeItems.length;
  out.graph = {
    nodes: g.nodeItems.length,
    edges: g.numEdges,
    pairs: g.numPairs,
    avg_degree: Math.round(avg * 100) / 100,
    ms: Math.round(ms),
  };
  log(
    `graph (min_rating 5, min_weight 10): ${g.nodeItems.length} nodes, ${g.numEdges} edges, ${g.numPairs} pairs, avg degree ${avg.toFixed(2)}, ${ms.toFixed(0)} ms`,
  );
}

if (only.has('time')) {
  const r = await fit(ds.interactions, config, ds);
  out.time = {
    seconds: Math.round(r.seconds * 100) / 100,
    cpu_seconds: Math.round(r.cpu * 100) / 100,
    ...(r.extra as object),
  };
  log(
    `fit on all ratings (notebook path): ${r.seconds.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU  ${JSON.stringify(r.extra)}`,
  );
}

if (only.has('item2item')) {
  const results: Record<string, unknown> = {};
  for (const evalMin of args.liked.split(',').map(Number)) {
    const split = item2itemSplit(ds, seed, evalMin);
    const { model } = await fit(split.train, config, ds);
    const s = model.trained;
    const liked = likedCsr(split.train, model.config.minRating);
    const knn = knnIndex(liked.byUser, csrTranspose(liked.byUser));
    const i2v = item2itemRecall(
      split.truth,
      s.nodeItems,
      20,
      (q, k) => model.similarItems(Int32Array.of(q), k).items,
    );
    const base = item2itemRecall(split.truth, s.nodeItems, 20, (q, k) => knnSimilar(knn, q, k));
    results[`liked>=${evalMin}`] = { queries: i2v.queries, pairs: split.pairs, item2vec: i2v, itemknn: base };
    log(
      `item-to-item (held-out pairs rated ≥ ${evalMin}, ${i2v.queries} in-graph queries): ` +
        `Recall@20 item2vec ${i2v.recall.toFixed(4)} vs ItemKNN ${base.recall.toFixed(4)}; pair hit@20 ${i2v.pairHit.toFixed(4)} vs ${base.pairHit.toFixed(4)}`,
    );
  }
  out.item2item = results;
}

if (only.has('user')) {
  const setup = getProtocol('seed001').prepare(ds, seed);
  const results: Record<string, unknown> = {};
  const extraCfgs = (JSON.parse(args.user) as Array<Record<string, unknown>>).map(
    (c, k) => [`user${k + 1}`, { ...config, ...c }] as const,
  );
  for (const [name, cfg] of [['notebook', config] as const, ...extraCfgs]) {
    // The run layer (`gnnrec train --model item2vec`): seed001 split, no validation (nothing to early-stop), test @20.
    const run = await trainRun({
      kind: 'item2vec',
      dataset: ds,
      protocol: 'seed001',
      seed,
      config: cfg,
      validate: false,
      cutoffs: [20],
    });
    const m = run.summary.metrics.test;
    const seconds = run.summary.train_seconds;
    results[`item2vec:${name}`] = {
      ...pick(m),
      seconds: Math.round(seconds * 100) / 100,
      graph: run.summary['graph'],
      config: cfg,
    };
    log(`seed001 test, item2vec ${name} ${JSON.stringify(cfg)}: ${fmt(m)} (${seconds.toFixed(1)} s)`);
  }
  const knn = knnIndex(setup.csr.train, csrTranspose(setup.csr.train));
  const m = setup.evaluate(knnRecommender(knn, setup.csr.train), 'test', [20]);
  results.itemknn = pick(m);
  log(`seed001 test, ItemKNN cosine: ${fmt(m)}`);
  out.user = results;
}

if (args.json) process.stdout.write(JSON.stringify(out) + '\n');

function pick(m: Record<string, number>): Record<string, number> {
  return { 'recall@20': m['recall@20'], 'ndcg@20': m['ndcg@20'], 'precision@20': m['precision@20'] };
}
function fmt(m: Record<string, number>): string {
  return `Recall@20 ${m['recall@20'].toFixed(4)}, NDCG@20 ${m['ndcg@20'].toFixed(4)}`;
}

/** The ItemKNN user scorer behind the `Recommender` interface (only `scoreUsers` is used by evaluation). */
function knnRecommender(
  knn: ReturnType<typeof knnIndex>,
  train: ReturnType<typeof interactionCsr>,
): Recommender {
  const n = ds.items.size;
  const unused = (): never => {
    throw new Error('not used by the benchmark');
  };
  return {
    kind: 'itemknn',
    numUsers: ds.users.size,
    numItems: n,
    scoreUsers(users) {
      const outS = new Float32Array(users.length * n);
      users.forEach((u, r) =>
        knnScoreProfile(knn, train.indices.subarray(train.indptr[u], train.indptr[u + 1]), outS, r * n),
      );
      return outS;
    },
    fit: unused,
    recommend: unused,
    similarItems: unused,
    foldIn: unused,
    save: unused,
  };
}
