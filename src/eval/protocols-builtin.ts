import { selectInteractions } from '../data/select.ts';
import { randomSplit } from '../data/splits.ts';
import { providedSplit } from '../data/splits/provided.ts';
import { referenceSplit } from '../data/splits/reference.ts';
import { interactionCsr } from '../graph/bipartite.ts';
import type { RatingPredictor, Recommender } from '../models/recommender.ts';
import { GnnrecError } from '../util/errors.ts';
import { Rng } from '../util/rng.ts';
import { mae, rmse } from './metrics.ts';
import type { Protocol } from './protocol-types.ts';
import { registerProtocol, registerProtocolFamily } from './protocols.ts';
import { allProtocol, positivesFamily } from './protocols-positives.ts';
import { notebookPositives, rankingSetup, SEED001_DEFAULTS, splitParts } from './protocols-ranking.ts';

export { rankingSetup } from './protocols-ranking.ts';

/** seed001: the MovieLens LightGCN notebook — ratings ≥ 3.5 are positives, the reference's fixed 80/10/10 split of positive edges. */
export const seed001Protocol: Protocol = {
  name: 'seed001',
  task: 'ranking',
  description:
    'ratings ≥ 3.5 → positives; 80/10/10 edge split of np.random.RandomState(1).permutation; dim 64, 3 layers, λ 1e-6, lr 1e-3, batch 1024, 10 000 iterations',
  prepare(ds, seed) {
    const pos = notebookPositives(ds);
    return rankingSetup('seed001', ds, seed, splitParts(pos, referenceSplit(pos.user.length)), {
      modelDefaults: SEED001_DEFAULTS,
      selectMetric: 'ndcg@20',
      ks: [10, 20],
      patience: 0,
    });
  },
};

/** Users whose held-out training items form the `lightgcn` protocol's validation part. */
export const LIGHTGCN_VAL_USERS = 3000;

/** lightgcn: the provided train.txt/test.txt split; 10% of the training items of 3 000 random users carved out for early stopping; test used once. */
export const lightgcnProtocol: Protocol = {
  name: 'lightgcn',
  task: 'ranking',
  description: `provided train/test split (LightGCN format), validation = 10% of the training items of ${LIGHTGCN_VAL_USERS} random users; dim 64, 3 layers, λ 1e-4, lr 1e-3, batch 2048`,
  prepare(ds, seed) {
    if (!ds.providedSplit)
      throw new GnnrecError(
        `protocol lightgcn needs a dataset with a provided train/test split (got format ${ds.format})`,
      );
    const s = providedSplit(ds, {
      valRatio: 0.1,
      valUsers: LIGHTGCN_VAL_USERS,
      rng: new Rng(seed).fork(1002),
    });
    return rankingSetup('lightgcn', ds, seed, splitParts(ds.interactions, s), {
      modelDefaults: {
        dim: 64,
        layers: 3,
        l2: 1e-4,
        l2Mode: 'mean',
        lr: 1e-3,
        batch: 2048,
        epochs: 400,
        itersPerEpoch: 0,
        sampling: 'user',
      },
      selectMetric: 'ndcg@20',
      ks: [20],
      patience: 5,
    });
  },
};

/** rating: random 80/10/10 of rating edges; models implementing `RatingPredictor` are scored by RMSE and MAE. */
export const ratingProtocol: Protocol = {
  name: 'rating',
  task: 'rating',
  description: 'random 80/10/10 split of rating edges; RMSE and MAE of predicted ratings',
  prepare(ds, seed) {
    const s = randomSplit(ds.interactions.user.length, [0.8, 0.1, 0.1], new Rng(seed).fork(1003));
    const { train, val, test } = splitParts(ds.interactions, s);
    const U = ds.users.size;
    const I = ds.items.size;
    const csr = {
      train: interactionCsr(U, I, train.user, train.item),
      val: interactionCsr(U, I, val.user, val.item),
      test: interactionCsr(U, I, test.user, test.item),
    };
    return {
      protocol: 'rating',
      task: 'rating',
      seed,
      train: { numUsers: U, numItems: I, train, val, dataset: ds },
      val,
      test,
      csr,
      modelDefaults: {},
      selectMetric: 'rmse',
      lowerIsBetter: true,
      ks: [],
      patience: 5,
      evaluate(model, part) {
        const p = model as Recommender & Partial<RatingPredictor>;
        if (typeof p.predict !== 'function')
          throw new GnnrecError(`model kind '${model.kind}' does not predict ratings (protocol rating)`);
        const data = part === 'val' ? val : test;
        const pred = p.predict(data.user, data.item);
        return { rmse: rmse(pred, data.rating), mae: mae(pred, data.rating) };
      },
    };
  },
};

/** full: every positive trains the model and nothing is held out — for serving and for reproducing notebooks' fitted graphs. */
export const fullProtocol: Protocol = {
  name: 'full',
  task: 'ranking',
  description:
    'ratings ≥ 3.5 (explicit data) or every interaction → positives, all used for training; no validation or test',
  prepare(ds, seed) {
    const pos = notebookPositives(ds);
    const none = selectInteractions(pos, new Int32Array(0));
    return rankingSetup(
      'full',
      ds,
      seed,
      { train: pos, val: none, test: none },
      {
        modelDefaults: SEED001_DEFAULTS,
        selectMetric: 'ndcg@20',
        ks: [10, 20],
        patience: 0,
      },
    );
  },
};

registerProtocol(seed001Protocol);
registerProtocol(fullProtocol);
registerProtocol(lightgcnProtocol);
registerProtocol(ratingProtocol);
registerProtocol(allProtocol);
registerProtocolFamily(positivesFamily);
