import { GnnrecError } from '../../util/errors.ts';
import type { Rng } from '../../util/rng.ts';
import type { Dataset } from '../types.ts';
import type { Split } from './types.ts';
import { groupByUser, makeSplit } from './util.ts';

/** How `providedSplit` carves validation out of the shipped training part. */
export interface ProvidedSplitOptions {
  /** Fraction of training moved to validation (of all training, or of each sampled user's items with `valUsers`). */
  valRatio?: number;
  /**
   * Carve only from this many users, drawn at random among those with ≥ 2 training items; each keeps at least one.
   * Early stopping needs a few thousand users' held-out items, not a tenth of every user's history, so this keeps
   * the rest of training intact for the model.
   */
  valUsers?: number;
  /** Randomness of the carve; required when `valRatio` > 0. */
  rng?: Rng;
}

/**
 * The split shipped with the data (LightGCN `train.txt`/`test.txt`). Validation is empty unless
 * `valRatio` and `rng` are given, in which case that fraction of training is moved to validation at random.
 */
export function providedSplit(dataset: Dataset, opts: ProvidedSplitOptions = {}): Split {
  const p = dataset.providedSplit;
  if (!p)
    throw new GnnrecError(
      `dataset '${dataset.name}' has no provided train/test split (format ${dataset.format})`,
    );
  const { valRatio = 0, valUsers, rng } = opts;
  if (valRatio <= 0) return makeSplit(p.train, [], p.test);
  if (!rng) throw new GnnrecError('providedSplit: valRatio needs an rng');
  if (valUsers !== undefined)
    return carveFromUsers(dataset.interactions.user, p.train, p.test, valRatio, valUsers, rng);
  const train = p.train.slice();
  rng.shuffle(train);
  const nVal = Math.round(train.length * valRatio);
  return makeSplit(train.subarray(nVal), train.subarray(0, nVal), p.test);
}

/** Moves round(ratio·n_u) (≥ 1, ≤ n_u − 1) random training items of `numUsers` random users to validation. */
function carveFromUsers(
  user: Int32Array,
  train: Int32Array,
  test: Int32Array,
  ratio: number,
  numUsers: number,
  rng: Rng,
): Split {
  const { order, start } = groupByUser(Int32Array.from(train, (i) => user[i]!));
  // Ascending user ids, so the draw depends on the seed only, not on file order.
  const eligible: number[] = [];
  for (let u = 0; u + 1 < start.length; u++) if (start[u + 1]! - start[u]! >= 2) eligible.push(u);
  rng.shuffle(eligible);
  const inVal = new Uint8Array(user.length);
  for (const u of eligible.slice(0, Math.max(0, numUsers))) {
    const items = rng.shuffle(Array.from(order.subarray(start[u]!, start[u + 1]!), (j) => train[j]!));
    const n = Math.min(items.length - 1, Math.max(1, Math.round(items.length * ratio)));
    for (let j = 0; j < n; j++) inVal[items[j]!] = 1;
  }
  return makeSplit(
    train.filter((i) => !inVal[i]),
    train.filter((i) => inVal[i] === 1),
    test,
  );
}
