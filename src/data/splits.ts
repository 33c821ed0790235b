// One import point for every split; each lives in its own file under splits/.
export type { Split, SplitRatios } from './splits/types.ts';
export { DEFAULT_RATIOS } from './splits/types.ts';
export { randomSplit } from './splits/random.ts';
export { perUserSplit } from './splits/per-user.ts';
export { leaveOneOut } from './splits/leave-one-out.ts';
export { temporalSplit } from './splits/temporal.ts';
export { providedSplit } from './splits/provided.ts';
export { numpyPermutation } from './splits/numpy-permutation.ts';
export { referenceSplit } from './splits/reference.ts';
