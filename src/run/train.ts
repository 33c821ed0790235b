import type { Dataset } from '../data/types.ts';
import { assertTrainable } from '../data/trainable.ts';
import { defaultProtocol, getProtocol, type ProtocolSetup } from '../eval/index.ts';
import type { EpochReport, Recommender } from '../models/recommender.ts';
import { trainWithEarlyStopping } from '../train/trainer.ts';
import { UsageError } from '../util/errors.ts';
import type { Progress } from '../util/progress.ts';
import { factoryFor, resolveRunConfig } from './kinds.ts';
import { epochLine } from './progress.ts';
import { saveRun } from './save.ts';
import { loadSource, runSource, type RunSource, type SourceRef } from './source.ts';

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
  /** Seed of initialisation and sampling (and of protocols' random splits); default 1. */
  seed?: number;
  /** Model config keys overriding the protocol's defaults (the kind's schema checks them). */
  config?: Record<string, unknown>;
  /** Overrides the configured number of epochs. */
  epochs?: number;
  /** Validations without improvement before stopping (0 = never); default the protocol's. */
  patience?: number;
  /** Validate every n epochs (default 1). */
  evalEvery?: number;
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

/** Total epochs a model will run, for `epoch i/N` progress (undefined when the kind does not say). */
function plannedEpochs(
  spec: TrainSpec,
  config: Record<string, unknown>,
  model: Recommender,
): number | undefined {
  if (spec.epochs !== undefined) return spec.epochs;
  const own = (model as { config?: unknown }).config;
  const eff = typeof own === 'function' ? (own as () => Record<string, unknown>).call(model) : own;
  const e = (eff as Record<string, unknown> | undefined)?.['epochs'] ?? config['epochs'];
  return typeof e === 'number' && e > 0 ? e : undefined;
}

/**
 * Trains a model end to end: data → protocol split → config (protocol defaults, then the spec's keys) → fit with
 * validation, early stopping and best-epoch restore → test metrics once → model folder with provenance (run
 * source, seed, metrics, curve). The one pipeline behind `gnnrec train`, `demo` and the benchmarks.
 */
export async function trainRun(spec: TrainSpec): Promise<TrainedRun> {
  const factory = factoryFor(spec.kind);
  const src = spec.source ?? {};
  const ds = spec.dataset ?? (await loadSource(src));
  const seed = spec.seed ?? 1;
  const protocolName = spec.protocol ?? defaultProtocol(factory.task, ds);
  const protocol = getProtocol(protocolName);
  if (protocol.task !== factory.task)
    throw new UsageError(
      `model '${spec.kind}' is a ${factory.task} model; protocol '${protocolName}' evaluates ${protocol.task} models`,
    );
  assertTrainable(ds, protocolName);
  const setup = protocol.prepare(ds, seed);
  const config = resolveRunConfig(factory, setup, spec.config ?? {});
  const model = factory.create(config, { numUsers: setup.train.numUsers, numItems: setup.train.numItems });
  const total = plannedEpochs(spec, config, model);
  const held = setup.val.user.length > 0;
  const t0 = performance.now();
  const result = await trainWithEarlyStopping(model, setup.train, {
    seed,
    epochs: spec.epochs,
    // The `full` protocol holds nothing out: train without validation, report no held-out metrics.
    validate: held ? () => setup.evaluate(model, 'val') : undefined,
    metric: setup.selectMetric,
    lowerIsBetter: setup.lowerIsBetter,
    patience: spec.patience ?? setup.patience,
    evalEvery: spec.evalEvery ?? 1,
    progress: spec.progress,
    onEpoch: (r) =>
      spec.onEpoch?.(
        r,
        epochLine(r, total, (performance.now() - t0) / 1000, held ? setup.selectMetric : undefined),
      ),
  });
  const val = result.bestVal ?? (held ? setup.evaluate(model, 'val') : {});
  const test = setup.test.user.length > 0 ? setup.evaluate(model, 'test') : {};
  const summary: TrainSummary = {
    model: factory.kind,
    dataset: {
      name: ds.name,
      users: ds.users.size,
      items: ds.items.size,
      interactions: ds.interactions.user.length,
    },
    protocol: protocolName,
    seed,
    epochs: result.epochs,
    best_epoch: result.bestEpoch,
    train_seconds: Math.round(result.seconds * 1000) / 1000,
    metrics: { val, test },
    ...(result.extra ?? {}),
  };
  const source = runSource(src, ds, protocolName, seed);
  const run: TrainedRun = {
    model,
    kind: factory.kind,
    task: factory.task,
    dataset: ds,
    setup,
    source,
    config,
    summary,
    curve: result.curve,
  };
  if (spec.out !== undefined) await saveRun(run, spec.out, spec.extra);
  return run;
}
