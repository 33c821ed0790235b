import { intKey, parseConfig, schemaDefaults, type ConfigSchema } from '../schema.ts';

/**
 * item2vec hyper-parameters. Graph and walk defaults are the notebook's (`seeds/003`: min_rating 5,
 * min_weight 10, p 2, q 1.5, num_walks 5, num_steps 10, 4 negatives, dim 50, one embedding table shared
 * by target and context); the trainer is word2vec's SGNS instead of the notebook's Keras/Adam loop, and
 * its dynamic window of 5 replaced the notebook's all-pairs window of 10 (better item-to-item recall for 30%
 * less work). lr 0.015 rather than word2vec's 0.025: on latest-small it lifts item-to-item Recall@20 from
 * 0.028 to 0.035 while keeping the notebook's Star Wars neighbours (0.01 scores higher but drops Episode VI
 * from the top 5); see notes/issue-9.md.
 */
export interface Item2VecConfig {
  /** Ratings ≥ this count as "liked" when building the co-occurrence graph. */
  minRating: number;
  /** Co-occurrence edges with weight (pair × PMI) below this are dropped. */
  minWeight: number;
  /** node2vec return parameter. */
  p: number;
  /** node2vec in-out parameter. */
  q: number;
  /** Walks started from every graph node. */
  numWalks: number;
  /** Nodes per walk. */
  walkLength: number;
  /** Skip-gram window (maximum centre–context distance). */
  window: number;
  /** Negative samples per positive pair. */
  negatives: number;
  /** Embedding dimension. */
  dim: number;
  /** SGNS passes over the walks (`--epochs` overrides). */
  epochs: number;
  /** Starting SGD learning rate (linear decay). */
  lr: number;
  /** One shared input/output table (the notebook's model) instead of word2vec's two. */
  tied: boolean;
  /** Walk worker threads (0 = automatic). Results do not depend on it. */
  workers: number;
  /** A user's training items with rating ≥ this form their profile when scoring users. */
  profileMinRating: number;
  /**
   * How a profile scores items: `mean` — cosine to the mean profile vector (default, better measured);
   * `neighbours` — each profile item votes its top-`neighbours` cosine neighbours (ItemKNN's rule).
   */
  userScoring: 'neighbours' | 'mean';
  /** Neighbours each profile item votes for (`userScoring: 'neighbours'`). */
  neighbours: number;
}

/** Keys, defaults (the notebook's graph and walks; see `Item2VecConfig`) and ranges. */
export const ITEM2VEC_SCHEMA: ConfigSchema<Item2VecConfig> = {
  minRating: {
    type: 'number',
    default: 5,
    description: 'ratings ≥ this count as liked when building the co-occurrence graph',
  },
  minWeight: {
    type: 'number',
    default: 10,
    description: 'co-occurrence edges with weight (pair × PMI) below this are dropped',
  },
  p: { type: 'number', default: 2, min: 0, minExclusive: true, description: 'node2vec return parameter p' },
  q: { type: 'number', default: 1.5, min: 0, minExclusive: true, description: 'node2vec in-out parameter q' },
  numWalks: intKey(5, 1, 'walks started from every graph node'),
  walkLength: intKey(10, 2, 'nodes per walk'),
  window: intKey(5, 1, 'skip-gram window (maximum centre–context distance)'),
  negatives: intKey(4, 0, 'negative samples per positive pair'),
  dim: intKey(50, 1, 'embedding size'),
  epochs: intKey(5, 1, 'SGNS passes over the walks (the run’s --epochs overrides)'),
  lr: {
    type: 'number',
    default: 0.015,
    min: 0,
    minExclusive: true,
    description: 'starting SGD learning rate (linear decay)',
  },
  tied: {
    type: 'boolean',
    default: true,
    description: 'one shared input/output table (the notebook) instead of word2vec’s two',
  },
  workers: intKey(0, 0, 'walk worker threads (0 = automatic; results do not depend on it)'),
  profileMinRating: {
    type: 'number',
    default: 0,
    description: 'a user’s training items rated ≥ this form their profile',
  },
  userScoring: {
    type: 'enum',
    values: ['mean', 'neighbours'],
    default: 'mean',
    description: 'profile scoring: cosine to the mean profile vector, or votes of each item’s neighbours',
  },
  neighbours: intKey(50, 1, 'neighbours each profile item votes for (userScoring neighbours)'),
};

/** Defaults (see `Item2VecConfig`). */
export const ITEM2VEC_DEFAULTS: Readonly<Item2VecConfig> = schemaDefaults(ITEM2VEC_SCHEMA);

/** Fills defaults and checks types and ranges; unknown keys and bad values throw `ConfigError` naming the key. */
export function resolveItem2VecConfig(raw: Readonly<Record<string, unknown>>): Item2VecConfig {
  return parseConfig('item2vec', ITEM2VEC_SCHEMA, raw);
}
