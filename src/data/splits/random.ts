import type { Rng } from '../../util/rng.ts';
import type { Split, SplitRatios } from './types.ts';
import { cutPoints, makeSplit } from './util.ts';

/** Random edge split: shuffles indices 0..count-1 with `rng` and cuts them by `ratios`. */
export function randomSplit(count: number, ratios: SplitRatios, rng: Rng): Split {
  const perm = new Int32Array(count);
  for (let i = 0; i < count; i++) perm[i] = i;
  rng.shuffle(perm);
  const [c1, c2] = cutPoints(count, ratios);
  return makeSplit(perm.subarray(0, c1), perm.subarray(c1, c2), perm.subarray(c2));
}
