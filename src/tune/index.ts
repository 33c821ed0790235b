// Public surface of hyper-parameter search (`gnnrec tune`, `auto` configs).
export { TUNE_SPACES, candidates, fitKeyOf } from './space.ts';
export type { ParamSpec, ParamValue, TuneSpace, Candidate } from './space.ts';
export { successiveHalving } from './halving.ts';
export type { TuneResult, TuneRow, HalvingOptions } from './halving.ts';
export { tuneKind, autoConfig, isTunable } from './auto.ts';
export { carveValidation } from './split.ts';
export { parseBudget } from './budget.ts';
export { validationMetrics } from './evaluate.ts';
