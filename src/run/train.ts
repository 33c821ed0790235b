import { assertTrainable } from '../data/trainable.ts';
import { defaultProtocol, getProtocol } from '../eval/index.ts';
import type { Recommender } from '../models/recommender.ts';
import { selectionMetric, trainWithEarlyStopping } from '../train/trainer.ts';
import { UsageError } from '../util/errors.ts';
import { resolveAuto } from '../tune/resolve-auto.ts';
import { factoryFor, resolveRunConfig } from './kinds.ts';
import { fitData } from './fit-data.ts';
import { epochLine } from './progress.ts';
import { saveRun } from './save.ts';
import { loadSource, runSource } from './source.ts';
import type { TrainedRun, TrainSpec, TrainSummary } from './types.ts';

export type { TrainedRun, TrainSpec, TrainSummary } from './types.ts';

/** Total epochs a model will run, for `epoch i/N` progress (undefined when the kind does not say). */
function plannedEpochs(
  spec: TrainSpec,
  config: Record<string, unknown>,
  model: Recommender,
  trainingFree: boolean,
): number | undefined {
  // A training-free kind fits in one pass whatever epoch count the caller passed for the other kinds.
  if (trainingFree) return 1;
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
  const ds = spec.dataset ?? spec.setup?.train.dataset ?? (await loadSource(src));
  const seed = spec.seed ?? 1;
  const protocolName = spec.protocol ?? spec.setup?.protocol ?? defaultProtocol(factory.task, ds);
  if (spec.setup && (spec.setup.protocol !== protocolName || spec.setup.seed !== seed))
    throw new UsageError(
      `trainRun: the given setup is protocol '${spec.setup.protocol}' seed ${spec.setup.seed}, not '${protocolName}' seed ${seed}`,
    );
  const protocol = getProtocol(protocolName);
  if (protocol.task !== factory.task)
    throw new UsageError(
      `model '${spec.kind}' is a ${factory.task} model; protocol '${protocolName}' evaluates ${protocol.task} models`,
    );
  assertTrainable(ds, protocolName, protocol.needs);
  const setup = spec.setup ?? protocol.prepare(ds, seed);
  // `KEY=auto` / `auto=true`: the graph-filter family's values come from a search on the validation part (never test).
  let evals = 0;
  const chosen = await resolveAuto(factory.kind, spec.config ?? {}, setup, seed, () =>
    spec.progress?.update('auto search (validation)', ++evals),
  );
  const config = resolveRunConfig(factory, setup, chosen.config, spec.defaults);
  const model = factory.create(config, { numUsers: setup.train.numUsers, numItems: setup.train.numItems });
  const total = plannedEpochs(spec, config, model, factory.capabilities.trainingFree);
  const fitOn = spec.fitOn ?? 'train';
  // The `full` protocol holds nothing out: train without validation, report no held-out metrics.
  const held = setup.val.user.length > 0 && spec.validate !== false && fitOn === 'train';
  const cutoffs = spec.cutoffs;
  const metric = selectionMetric(model, setup.selectMetric);
  const t0 = performance.now();
  const result = await trainWithEarlyStopping(model, fitData(setup, fitOn), {
    seed,
    epochs: spec.epochs,
    validate: held ? () => setup.evaluate(model, 'val', cutoffs) : undefined,
    metric,
    lowerIsBetter: setup.lowerIsBetter,
    patience: spec.patience ?? setup.patience,
    evalEvery: spec.evalEvery ?? 1,
    maxSeconds: spec.maxSeconds,
    progress: spec.progress,
    onEpoch: (r) =>
      spec.onEpoch?.(r, epochLine(r, total, (performance.now() - t0) / 1000, held ? metric : undefined)),
  });
  const val = result.bestVal ?? (held ? setup.evaluate(model, 'val', cutoffs) : {});
  const t1 = performance.now();
  const test =
    setup.test.user.length > 0 && spec.test !== false ? setup.evaluate(model, 'test', cutoffs) : {};
  const testSeconds = (performance.now() - t1) / 1000;
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
    ...(fitOn !== 'train' ? { fit_on: fitOn } : {}),
    ...(chosen.auto ? { auto: chosen.auto } : {}),
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
    testSeconds,
  };
  if (spec.out !== undefined) await saveRun(run, spec.out, spec.extra);
  return run;
}
