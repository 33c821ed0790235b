import { GnnrecError } from '../../util/errors.ts';
import type { Rng } from '../../util/rng.ts';
import type { Dataset } from '../types.ts';
import type { Split } from './types.ts';
import { makeSplit } from './util.ts';

/**
 * The split shipped with the data (LightGCN `train.txt`/`test.txt`). Validation is empty unless
 * `valRatio` and `rng` are given, in which case that fraction of training is moved to validation at random.
 */
export function providedSplit(dataset: Dataset, opts: { valRatio?: number; rng?: Rng } = {}): Split {
  const p = dataset.providedSplit;
  if (!p)
    throw new GnnrecError(
      `dataset '${dataset.name}' has no provided train/test split (format ${dataset.format})`,
    );
  const { valRatio = 0, rng } = opts;
  if (valRatio <= 0) return makeSplit(p.train, [], p.test);
  if (!rng) throw new GnnrecError('providedSplit: valRatio needs an rng');
  const train = p.train.slice();
  rng.shuffle(train);
  const nVal = Math.round(train.length * valRatio);
  return makeSplit(train.subarray(nVal), train.subarray(0, nVal), p.test);
}
