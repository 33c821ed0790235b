import { modelFactories } from '../models/index.ts';
import type { TrainData } from '../models/recommender.ts';
import { interactionCsr } from '../graph/bipartite.ts';
import { carveValidation } from './split.ts';
import { successiveHalving, type TuneResult, type TuneRow } from './halving.ts';
import { TUNE_SPACES, type TuneSpace } from './space.ts';

/** Whether a kind has a declared search space (`auto` works for it). */
export function isTunable(kind: string): boolean {
  return TUNE_SPACES.has(kind);
}

/** Options of `tuneKind`. */
export interface TuneKindOptions {
  budgetSeconds: number;
  seed: number;
  maxCandidates?: number;
  minUsers?: number;
  /** A restriction of the kind's declared space (some keys fixed); default the whole space. */
  space?: TuneSpace;
  onRow?: (row: TuneRow) => void;
}

/**
 * Searches `kind`'s declared space on validation data: `val` when given (a protocol's validation part, itself
 * carved from training data), otherwise ≈10% of the items of 3 000 training users carved here. Never reads test data.
 */
export async function tuneKind(kind: string, data: TrainData, opts: TuneKindOptions): Promise<TuneResult> {
  const space = opts.space ?? TUNE_SPACES.get(kind);
  const factory = modelFactories.get(kind);
  if (!space || !factory)
    throw new RangeError(
      `tune: no search space for model '${kind}' (tunable: ${[...TUNE_SPACES.keys()].join(', ')})`,
    );
  const split =
    data.val && data.val.user.length > 0
      ? { fit: { ...data, val: undefined }, val: data.val }
      : carveValidation(data, opts.seed);
  const valCsr = interactionCsr(data.numUsers, data.numItems, split.val.user, split.val.item);
  return successiveHalving(space, split.fit, valCsr, {
    budgetSeconds: opts.budgetSeconds,
    seed: opts.seed,
    maxCandidates: opts.maxCandidates,
    minUsers: opts.minUsers,
    create: (config) => factory.create(config, { numUsers: data.numUsers, numItems: data.numItems }),
    onRow: opts.onRow,
  });
}
