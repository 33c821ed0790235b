import { GnnrecError } from '../../util/errors.ts';
import type { Interactions } from '../types.ts';
import { DEFAULT_RATIOS, type Split, type SplitRatios } from './types.ts';
import { cutPoints, makeSplit } from './util.ts';

/**
 * Global temporal split: interactions sorted by timestamp (ties by index) and cut by `ratios`,
 * so validation and test lie strictly later in the sequence than training. Deterministic (no rng).
 */
export function temporalSplit(inter: Interactions, ratios: SplitRatios = DEFAULT_RATIOS): Split {
  const ts = inter.timestamp;
  if (!ts) throw new GnnrecError('temporal split needs timestamps, and this dataset has none');
  const n = inter.user.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  const [c1, c2] = cutPoints(n, ratios);
  return makeSplit(order.slice(0, c1), order.slice(c1, c2), order.slice(c2));
}
