import type { Rng } from '../../util/rng.ts';
import type { Interactions } from '../types.ts';
import type { Split } from './types.ts';
import { groupByUser, makeSplit } from './util.ts';

/**
 * Leave-one-out: per user, the latest interaction (by timestamp; random when there are none,
 * ties broken by `rng`) goes to test and the second latest to validation. Users need ≥ 3
 * interactions to get a validation item and ≥ 2 to get a test item; the rest stay in training.
 */
export function leaveOneOut(inter: Interactions, rng: Rng, opts: { val?: boolean } = {}): Split {
  const withVal = opts.val ?? true;
  const { order, start } = groupByUser(inter.user);
  const ts = inter.timestamp;
  const train: number[] = [];
  const val: number[] = [];
  const test: number[] = [];
  for (let u = 0; u + 1 < start.length; u++) {
    const part = Array.from(order.subarray(start[u]!, start[u + 1]!));
    if (part.length === 0) continue;
    // A random key per interaction breaks timestamp ties (and orders everything when there are no timestamps).
    const key = new Map<number, number>();
    for (const i of part) key.set(i, rng.uniform());
    part.sort((a, b) => (ts ? ts[a]! - ts[b]! : 0) || key.get(a)! - key.get(b)!);
    const n = part.length;
    let hold = 0;
    if (n >= 2) {
      test.push(part[n - 1]!);
      hold = 1;
    }
    if (withVal && n >= 3) {
      val.push(part[n - 2]!);
      hold = 2;
    }
    for (let k = 0; k < n - hold; k++) train.push(part[k]!);
  }
  return makeSplit(train, val, test);
}
