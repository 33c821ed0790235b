// Protocols for benchmarks whose split is not a notebook's: a rating threshold other than 3.5 with a seeded random
// split (DSKReG's ml-100k comparison), and every interaction trained with nothing held out (item cold start).
import { positiveIndices, selectInteractions } from '../data/select.ts';
import { MIN_SPLIT_INTERACTIONS } from '../data/trainable.ts';
import { randomSplit } from '../data/splits.ts';
import { referenceSplit } from '../data/splits/reference.ts';
import { Rng } from '../util/rng.ts';
import type { Protocol } from './protocol-types.ts';
import type { ProtocolFamily } from './protocols.ts';
import { rankingSetup, SEED001_DEFAULTS, splitParts } from './protocols-ranking.ts';

const POSITIVES = /^positives-(\d+(?:\.\d+)?)-(random|reference)$/;

/** The split of `n` positives: the seed001 reference permutation, or 80/10/10 by the run seed's `fork(1001)`. */
function positivesSplit(n: number, how: string, seed: number): ReturnType<typeof referenceSplit> {
  return how === 'reference' ? referenceSplit(n) : randomSplit(n, [0.8, 0.1, 0.1], new Rng(seed).fork(1001));
}

/**
 * `positives-T-random` / `positives-T-reference`: ratings ≥ T are positives, split 80/10/10 of positive edges — by
 * the run seed (`random`) or by the seed001 reference permutation (`reference`; `positives-3.5-reference` is seed001
 * on explicit data). The seed001 prescription, NDCG@20 selection.
 */
export const positivesFamily: ProtocolFamily = {
  pattern: 'positives-T-random|reference',
  make(name) {
    const m = POSITIVES.exec(name);
    if (!m) return undefined;
    const threshold = Number(m[1]);
    const how = m[2]!;
    return {
      name,
      task: 'ranking',
      needs: { threshold, min: MIN_SPLIT_INTERACTIONS },
      description: `ratings ≥ ${threshold} → positives; 80/10/10 edge split (${how === 'random' ? 'Rng(seed).fork(1001)' : 'np.random.RandomState(1).permutation'}); the seed001 prescription`,
      prepare(ds, seed) {
        const pos = selectInteractions(ds.interactions, positiveIndices(ds.interactions, threshold));
        return rankingSetup(name, ds, seed, splitParts(pos, positivesSplit(pos.user.length, how, seed)), {
          modelDefaults: SEED001_DEFAULTS,
          selectMetric: 'ndcg@20',
          ks: [10, 20],
          patience: 0,
        });
      },
    };
  },
};

/** all: every interaction (whatever its rating) trains the model and nothing is held out. */
export const allProtocol: Protocol = {
  name: 'all',
  task: 'ranking',
  needs: { threshold: null, min: 1 },
  description: 'every interaction, whatever its rating, trains the model; no validation or test',
  prepare(ds, seed) {
    const none = selectInteractions(ds.interactions, new Int32Array(0));
    return rankingSetup(
      'all',
      ds,
      seed,
      { train: ds.interactions, val: none, test: none },
      { modelDefaults: SEED001_DEFAULTS, selectMetric: 'ndcg@20', ks: [10, 20], patience: 0 },
    );
  },
};
