// Optimizers, one per file; this module keeps the single import point.
export { zeroGrads, uniqueGradRows } from './optimizer.ts';
export type { Optimizer } from './optimizer.ts';
export { SGD } from './sgd.ts';
export type { SgdOptions } from './sgd.ts';
export { Adam } from './adam.ts';
export type { AdamOptions } from './adam.ts';
