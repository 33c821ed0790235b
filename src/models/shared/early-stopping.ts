// The one early-stopping loop. It lives in the models layer because a model that fits other models (rating-blend's
// members) needs it and models may not import train/; src/train/ is its public home (`train/trainer.ts`).
import type { EpochReport, FitReport, Recommender, TrainData } from '../recommender.ts';
import type { Progress } from '../../util/progress.ts';

/** A model that can copy its trainable state in memory and restore it (used for best-epoch restore). */
export interface Checkpointable {
  /** A copy of the state that `restoreCheckpoint` accepts. */
  checkpoint(): unknown;
  /** Restores a copy made by `checkpoint`. */
  restoreCheckpoint(state: never): void;
}

/** Whether `m` implements `Checkpointable` (structural check; models need not import this module). */
export function isCheckpointable(m: unknown): m is Checkpointable {
  const c = m as Partial<Checkpointable> | null;
  return !!c && typeof c.checkpoint === 'function' && typeof c.restoreCheckpoint === 'function';
}

/** Options of `trainWithEarlyStopping`. */
export interface EarlyStoppingOptions {
  seed: number;
  /** Overrides the model's epoch count. */
  epochs?: number;
  /** Validation metrics of the model as it is now (called every `evalEvery` epochs). */
  validate?: () => Record<string, number>;
  /** Metric to maximise (or minimise when `lowerIsBetter`), e.g. `ndcg@20` or `rmse`. */
  metric: string;
  lowerIsBetter?: boolean;
  /** Evaluations without improvement before stopping (0 = never stop early). */
  patience?: number;
  evalEvery?: number;
  /** Wall-clock budget in seconds: training stops after the first epoch that ends past it. */
  maxSeconds?: number;
  progress?: Progress;
  /** Called with each epoch report after validation is attached. */
  onEpoch?: (r: EpochReport) => void;
}

/**
 * The metric that selects a model's best epoch: the model's own `selectMetric` when it declares one (a loss whose
 * error is not the protocol's, which the model then reports in each epoch's `val`), else `fallback`.
 */
export function selectionMetric(model: Recommender, fallback: string): string {
  const own = (model as Recommender & { selectMetric?: unknown }).selectMetric;
  return typeof own === 'string' ? own : fallback;
}

/** `FitReport` plus the selected epoch. */
export interface TrainResult extends FitReport {
  /** Epoch whose state the model holds at the end (best validation, or last without validation). */
  bestEpoch: number;
  /** Validation metrics at `bestEpoch`. */
  bestVal?: Record<string, number>;
}

/**
 * Fits any `Recommender` with validation every `evalEvery` epochs, early stopping after `patience` evaluations
 * without improvement, and — for models that are `Checkpointable` — restore of the best epoch's state.
 * Validation time is excluded from the reported training seconds.
 */
export async function trainWithEarlyStopping(
  model: Recommender,
  data: TrainData,
  opts: EarlyStoppingOptions,
): Promise<TrainResult> {
  const every = Math.max(1, opts.evalEvery ?? 1);
  const patience = opts.patience ?? 0;
  const better = (a: number, b: number): boolean => (opts.lowerIsBetter ? a < b : a > b);
  let best: { epoch: number; value: number; val: Record<string, number>; state: unknown } | null = null;
  let bad = 0;
  let lastEpoch = 0;
  const start = performance.now();
  const report = await model.fit(data, {
    seed: opts.seed,
    epochs: opts.epochs,
    progress: opts.progress,
    onEpoch(r) {
      lastEpoch = r.epoch;
      let stop = false;
      const due = r.epoch % every === 0 || r.epoch === opts.epochs;
      if (opts.validate && due) {
        // Metrics the model attached itself (e.g. hetero-sage's weighted RMSE) stay beside the caller's.
        const val = { ...r.val, ...opts.validate() };
        r.val = val;
        const v = val[opts.metric];
        if (v === undefined)
          throw new RangeError(
            `validation metric '${opts.metric}' not computed (have ${Object.keys(val).join(', ')})`,
          );
        if (best === null || better(v, best.value)) {
          best = {
            epoch: r.epoch,
            value: v,
            val,
            state: isCheckpointable(model) ? model.checkpoint() : null,
          };
          bad = 0;
        } else if (patience > 0 && ++bad >= patience) {
          stop = true;
        }
      }
      if (opts.maxSeconds !== undefined && (performance.now() - start) / 1000 >= opts.maxSeconds) stop = true;
      opts.onEpoch?.(r);
      return stop ? 'stop' : undefined;
    },
  });
  const b = best as { epoch: number; val: Record<string, number>; state: unknown } | null;
  if (b && b.state !== null && isCheckpointable(model))
    (model.restoreCheckpoint as (s: unknown) => void)(b.state);
  const restored = b && (b.state !== null || b.epoch === lastEpoch);
  return {
    ...report,
    bestEpoch: restored && b ? b.epoch : report.epochs,
    bestVal: restored && b ? b.val : undefined,
  };
}
