// The shapes of a training run (spec in, run out), apart from the pipeline so that saving can name them without
// importing the pipeline that saves.
import type { Dataset } from '../data/types.ts';
import type { ProtocolSetup } from '../eval/index.ts';
import type { EpochReport, Recommender } from '../models/recommender.ts';
import type { Progress } from '../util/progress.ts';
import type { FitOn } from './fit-data.ts';
import type { ConfigDefaults } from './kinds.ts';
import type { RunSource, SourceRef } from './source.ts';

/** What to train: a model kind on a data source under a protocol, and where to save it. */
export interface TrainSpec {
  /** Registered model kind (`gnnrec models` lists them). */
  kind: string;
  /** Dataset path or store URL; recorded in the manifest so the run can be reopened and evaluated. */
  source?: SourceRef;
  /** The dataset itself when already loaded (must be what `source` reads, if given). */
  dataset?: Dataset;
  /** Protocol name (`seed001`, `lightgcn`, `rating`, `full`); default by the kind's task and the dataset. */
  protocol?: string;
  /**
   * The protocol's split, already prepared by the caller from `dataset` with `seed` (a grid that fits several configs
   * on one split prepares it once); its dataset is the run's when `dataset` is not given. Default: `trainRun`
   * prepares it.
   */
  setup?: ProtocolSetup;
  /** Seed of initialisation and sampling (and of protocols' random splits); default 1. */
  seed?: number;
  /** Model config keys overriding the protocol's defaults (the kind's schema checks them). */
  config?: Record<string, unknown>;
  /**
   * `schema` builds the config from the kind's schema defaults and `config` only, ignoring what the protocol prescribes
   * (a bench that fixes its own config, or measures the kinds as they come). Default `protocol`.
   */
  defaults?: ConfigDefaults;
  /** Overrides the configured number of epochs. */
  epochs?: number;
  /** Validations without improvement before stopping (0 = never); default the protocol's. */
  patience?: number;
  /** Validate every n epochs (default 1). */
  evalEvery?: number;
  /** Cut-offs of the validation and test metrics (default the protocol's), e.g. `[20]` for a bench's @20 columns. */
  cutoffs?: number[];
  /**
   * `false` fits without validation (a speed run: no early stopping, test metrics of the last epoch, no validation
   * metrics). Default: validate where the protocol holds users out.
   */
  validate?: boolean;
  /**
   * `train+validation` fits on both parts and validates nothing (kinds with nothing to early-stop, settings chosen
   * on validation beforehand); the test part still excludes validation items. Default `train`.
   */
  fitOn?: FitOn;
  /** Wall-clock budget in seconds: training stops after the first epoch that ends past it (best epoch kept). */
  maxSeconds?: number;
  /** `false` skips the test evaluation (tuning runs that must not look at test): `metrics.test` is `{}`. */
  test?: boolean;
  /** Model folder to write; omit to keep the model in memory only. */
  out?: string;
  /** Extra manifest fields (`extra`) recorded with the run. */
  extra?: Record<string, unknown>;
  progress?: Progress;
  /** Called after each epoch with the report (validation attached) and a ready-made progress line. */
  onEpoch?: (r: EpochReport, line: string) => void;
}

/** A finished training run: the fitted model, its data and split, and what `train --json` reports. */
export interface TrainedRun {
  model: Recommender;
  kind: string;
  task: 'ranking' | 'rating';
  dataset: Dataset;
  setup: ProtocolSetup;
  source: RunSource;
  /** The config the model was created with (protocol defaults + overrides). */
  config: Record<string, unknown>;
  /** The `train --json` object. */
  summary: TrainSummary;
  /** Per-epoch reports. */
  curve: EpochReport[];
  /** Seconds the test evaluation took (fit time is `summary.train_seconds`); 0 when the protocol has no test part. */
  testSeconds: number;
}

/** The `train --json` contract (docs/ARCHITECTURE.md). */
export interface TrainSummary {
  model: string;
  dataset: { name: string; users: number; items: number; interactions: number };
  protocol: string;
  seed: number;
  epochs: number;
  best_epoch: number;
  train_seconds: number;
  metrics: { val: Record<string, number>; test: Record<string, number> };
  [extra: string]: unknown;
}
