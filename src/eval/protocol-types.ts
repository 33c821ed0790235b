import type { Dataset, Interactions } from '../data/types.ts';
import type { Csr } from '../tensor/csr.ts';
import type { Recommender, TrainData } from '../models/recommender.ts';

/** Which part of a protocol's split to evaluate. */
export type EvalPart = 'val' | 'test';

/** A protocol applied to one dataset and seed: the training input, held-out parts and how to score them. */
export interface ProtocolSetup {
  protocol: string;
  task: 'ranking' | 'rating';
  seed: number;
  train: TrainData;
  val: Interactions;
  test: Interactions;
  /** Model config the protocol prescribes (dim, layers, λ, lr, batch, …); CLI flags override. */
  modelDefaults: Record<string, unknown>;
  /** Metric used for early stopping / model selection, e.g. `ndcg@20` or `rmse`. */
  selectMetric: string;
  lowerIsBetter: boolean;
  /** Default cut-offs of ranking metrics. */
  ks: number[];
  /** Evaluations without improvement before stopping (0 = never). */
  patience: number;
  /** Scores `model` on a held-out part (for test, validation items are excluded from rankings too). */
  evaluate(model: Recommender, part: EvalPart, ks?: readonly number[]): Record<string, number>;
  /** Per-user CSRs of the parts, for callers that rank themselves. */
  csr: { train: Csr; val: Csr; test: Csr };
}

/** Positives and their count a dataset must hold for a protocol (checked before any training). */
export interface TrainableNeeds {
  /** Ratings at or above it count on explicit data; null counts every interaction. */
  threshold: number | null;
  /** Fewest counted interactions. */
  min: number;
}

/** An evaluation protocol: how a dataset becomes (split, metrics) for a model task. */
export interface Protocol {
  name: string;
  /** Model task it evaluates; `train` picks the default protocol from the model kind's task. */
  task: 'ranking' | 'rating';
  description: string;
  /** What a dataset must hold before this protocol can split it; absent → the seed001 rule (ratings ≥ 3.5, 10 of them). */
  needs?: TrainableNeeds;
  /** Applies the protocol to `dataset` with the run's `seed`. */
  prepare(dataset: Dataset, seed: number): ProtocolSetup;
}
