import { GnnrecError } from '../../util/errors.ts';
import type { Split, SplitRatios } from './types.ts';

/** Validates ratios and returns the two cumulative cut points (train end, val end) for `n` elements. */
export function cutPoints(n: number, ratios: SplitRatios): [number, number] {
  const [a, b, c] = ratios;
  for (const r of ratios) {
    if (!Number.isFinite(r) || r < 0)
      throw new GnnrecError(`split ratios must be non-negative numbers, got [${ratios.join(', ')}]`);
  }
  const sum = a + b + c;
  if (sum <= 0) throw new GnnrecError(`split ratios must not all be zero`);
  // Cumulative rounding keeps the three parts summing to n exactly.
  const cut1 = Math.round((n * a) / sum);
  const cut2 = Math.max(cut1, Math.round((n * (a + b)) / sum));
  return [cut1, Math.min(cut2, n)];
}

/** Builds a `Split` from index lists, sorting each part ascending. */
export function makeSplit(train: ArrayLike<number>, val: ArrayLike<number>, test: ArrayLike<number>): Split {
  return {
    train: Int32Array.from(train).sort(),
    val: Int32Array.from(val).sort(),
    test: Int32Array.from(test).sort(),
  };
}

/** Groups interaction indices by user: `order` lists indices user by user, `start[u]..start[u+1]` is user u's range (file order kept). */
export function groupByUser(user: Int32Array): { order: Int32Array; start: Int32Array } {
  let numUsers = 0;
  for (let i = 0; i < user.length; i++) if (user[i]! + 1 > numUsers) numUsers = user[i]! + 1;
  const start = new Int32Array(numUsers + 1);
  for (let i = 0; i < user.length; i++) start[user[i]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, numUsers);
  const order = new Int32Array(user.length);
  for (let i = 0; i < user.length; i++) order[fill[user[i]!]!++] = i;
  return { order, start };
}
