import { numpyPermutation } from './numpy-permutation.ts';
import type { Split } from './types.ts';
import { makeSplit } from './util.ts';

/**
 * The seed001 reference's split of `n` positive edges: `perm = np.random.RandomState(1).permutation(n)` cut at int(.8n)
 * and int(.9n) into train/val/test (`lightgcn_torch.py` and the notebook), independent of any run seed.
 */
export function referenceSplit(n: number): Split {
  const perm = numpyPermutation(n, 1);
  const c1 = Math.floor(0.8 * n);
  const c2 = Math.floor(0.9 * n);
  return makeSplit(perm.subarray(0, c1), perm.subarray(c1, c2), perm.subarray(c2));
}
