// Public surface of hyper-parameter search (`gnnrec tune`, `auto` configs).
export { TUNE_SPACES, candidates, fitKeyOf } from './space.ts';
export type { ParamSpec, ParamValue, TuneSpace, Candidate } from './space.ts';
export { successiveHalving } from './halving.ts';
export type { TuneResult, TuneRow, HalvingOptions } from './halving.ts';
export { tuneKind, isTunable } from './auto.ts';
export { resolveAuto, DEFAULT_AUTO_BUDGET_SECONDS } from './resolve-auto.ts';
export type { AutoChoice } from './resolve-auto.ts';
export { carveValidation } from './split.ts';
export { parseBudget } from './budget.ts';
export { validationMetrics } from './evaluate.ts';
