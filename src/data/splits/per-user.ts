import type { Rng } from '../../util/rng.ts';
import type { Interactions } from '../types.ts';
import type { Split, SplitRatios } from './types.ts';
import { cutPoints, groupByUser, makeSplit } from './util.ts';

/**
 * Per-user ratio split: each user's interactions are shuffled and cut by `ratios`, so every
 * user with at least one interaction keeps at least one in training (cold-start users are avoided).
 */
export function perUserSplit(inter: Interactions, ratios: SplitRatios, rng: Rng): Split {
  const { order, start } = groupByUser(inter.user);
  const train: number[] = [];
  const val: number[] = [];
  const test: number[] = [];
  for (let u = 0; u + 1 < start.length; u++) {
    const part = order.slice(start[u]!, start[u + 1]!);
    if (part.length === 0) continue;
    rng.shuffle(part);
    let [c1, c2] = cutPoints(part.length, ratios);
    if (c1 === 0) {
      // Keep one training interaction per user; the rest follow the ratios.
      c1 = 1;
      c2 = Math.max(c2, 1);
    }
    for (let k = 0; k < part.length; k++) (k < c1 ? train : k < c2 ? val : test).push(part[k]!);
  }
  return makeSplit(train, val, test);
}
