import type { Csr } from '../tensor/csr.ts';
import type { Dataset, Interactions } from '../data/types.ts';
import type { Progress } from '../util/progress.ts';

/** Training input in dense-index space. */
export interface TrainData {
  numUsers: number;
  numItems: number;
  /** Training interactions: positives for ranking models, all ratings for rating models. */
  train: Interactions;
  /** Validation interactions for early stopping, when the protocol has them. */
  val?: Interactions;
  /** The source dataset (ids, item metadata), for models that use side information. */
  dataset?: Dataset;
}

/** One epoch (or evaluation step) of training, as reported to callbacks and model cards. */
export interface EpochReport {
  epoch: number;
  loss: number;
  seconds: number;
  /** Validation metrics by lower-case `name@k` (or `rmse`). */
  val?: Record<string, number>;
}

/** Options of `fit`. */
export interface FitOptions {
  /** Seed of the run's one `Rng`, recorded in the manifest. */
  seed: number;
  /** Overrides the model's default number of epochs (or iterations, per model doc). */
  epochs?: number;
  progress?: Progress;
  /** Called after each epoch; returning 'stop' ends training early. */
  onEpoch?: (report: EpochReport) => void | 'stop';
}

/** What `fit` returns: the curve and anything model-specific worth putting in `train --json`. */
export interface FitReport {
  epochs: number;
  seconds: number;
  curve: EpochReport[];
  /** Extra top-level fields for `train --json`, e.g. `{ graph: { nodes, edges } }`. */
  extra?: Record<string, unknown>;
}

/** Options of `recommend`. */
export interface RecommendOptions {
  k: number;
  /** Drop items the user interacted with in training (default true). */
  filterSeen?: boolean;
  /** Extra items to drop, one list per requested user (same order as `users`). */
  exclude?: ReadonlyArray<Int32Array>;
  /** Restrict ranking to these items. */
  candidates?: Int32Array;
}

/** Top-K lists for a batch: row r holds `k` item indices (−1 where fewer exist) and their scores. */
export interface TopK {
  k: number;
  items: Int32Array;
  scores: Float32Array;
}

/**
 * The one interface every gnnrec model implements (batch-first, dense indices).
 * Evaluation, serving and explanations use nothing else.
 */
export interface Recommender {
  /** Model kind as written in manifests and accepted by `--model`. */
  readonly kind: string;
  readonly numUsers: number;
  readonly numItems: number;
  /** Trains on `data`. */
  fit(data: TrainData, opts: FitOptions): Promise<FitReport>;
  /** Scores of every item for each user: row-major `users.length × numItems`. */
  scoreUsers(users: Int32Array): Float32Array;
  /**
   * Optional exact top-`k` per user of `scoreUsers` with the `exclude` lists' items removed (−1 / −∞ padded), for
   * models that can rank without scoring every item (e.g. by norm-bound pruning of dot products).
   */
  rankUsers?(
    users: Int32Array,
    k: number,
    exclude: readonly Csr[],
  ): { items: Int32Array; scores: Float32Array };
  /** Top-K items per user. */
  recommend(users: Int32Array, opts: RecommendOptions): TopK;
  /** Top-K most similar items per item (the item itself excluded). */
  similarItems(items: Int32Array, k: number): TopK;
  /** Scores of every item for a user unseen in training, from the items they rated (no retraining). */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array;
  /**
   * Optional: the best `k` items of that fold-in, rated and `exclude`d items left out, for models that can rank a new
   * user without scoring every item (undefined: the caller ranks `foldIn`'s scores).
   */
  foldInTop?(items: Int32Array, ratings: Float32Array, k: number, exclude: Int32Array): TopK | undefined;
  /** Writes the model folder (`manifest.json` + `tensors.safetensors`) atomically. */
  save(dir: string): Promise<void>;
}

/** A model whose output is a predicted rating for (user, item) pairs. */
export interface RatingPredictor {
  /** Predicted ratings for pairs, clamped to the training rating range. */
  predict(users: Int32Array, items: Int32Array): Float32Array;
}
