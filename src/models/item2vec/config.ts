import { UsageError } from '../../util/errors.ts';

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

/** Defaults (see `Item2VecConfig`). */
export const ITEM2VEC_DEFAULTS: Readonly<Item2VecConfig> = {
  minRating: 5,
  minWeight: 10,
  p: 2,
  q: 1.5,
  numWalks: 5,
  walkLength: 10,
  window: 5,
  negatives: 4,
  dim: 50,
  epochs: 5,
  lr: 0.015,
  tied: true,
  workers: 0,
  profileMinRating: 0,
  userScoring: 'mean',
  neighbours: 50,
};

/** Fills defaults and checks types and ranges; unknown keys are a usage error naming the key. */
export function resolveItem2VecConfig(raw: Record<string, unknown>): Item2VecConfig {
  const out: Item2VecConfig = { ...ITEM2VEC_DEFAULTS };
  const positive = new Set(['p', 'q', 'numWalks', 'walkLength', 'window', 'dim', 'epochs', 'lr', 'neighbours']);
  const integer = new Set(['numWalks', 'walkLength', 'window', 'negatives', 'dim', 'epochs', 'workers', 'neighbours']);
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in ITEM2VEC_DEFAULTS)) throw new UsageError(`item2vec: unknown config key '${key}'`);
    const k = key as keyof Item2VecConfig;
    if (k === 'tied') {
      if (typeof value !== 'boolean') throw new UsageError(`item2vec: '${key}' must be a boolean`);
      out.tied = value;
      continue;
    }
    if (k === 'userScoring') {
      if (value !== 'neighbours' && value !== 'mean') throw new UsageError(`item2vec: '${key}' must be 'neighbours' or 'mean'`);
      out.userScoring = value;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new UsageError(`item2vec: '${key}' must be a number`);
    if (integer.has(k) && !Number.isInteger(value)) throw new UsageError(`item2vec: '${key}' must be an integer`);
    if (positive.has(k) && value <= 0) throw new UsageError(`item2vec: '${key}' must be > 0`);
    if ((k === 'negatives' || k === 'workers') && value < 0) throw new UsageError(`item2vec: '${key}' must be ≥ 0`);
    out[k] = value;
  }
  if (out.walkLength < 2) throw new UsageError('item2vec: walkLength must be ≥ 2');
  return out;
}
