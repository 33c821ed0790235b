// Public entry points of explanations (one concept per file; this only re-exports).
export { explain, explainerFor } from './explain.ts';
export { fidelity, type FidelityOptions, type FidelityResult } from './fidelity.ts';
export type { Contribution, Explanation, ExplainOptions, Explainer, PathRef } from './types.ts';
export { pathLabel } from './types.ts';
export type { UserInteractions } from './occlusion.ts';
