// The run layer: one pipeline from data to a saved, reopenable model, and the questions asked of a model folder.
// The CLI commands and the demo call these and repeat none of their steps; the server opens model folders through
// the same checked `openModelFolder`, and the benches train through `trainRun` (five exceptions: notes/issue-18.md).
export { trainRun } from './train.ts';
export type { TrainSpec, TrainedRun, TrainSummary } from './train.ts';
export type { FitOn } from './fit-data.ts';
export { saveRun, TITLES_FILE } from './save.ts';
export { openRun, manifestRunSource } from './open.ts';
export type { Run, OpenRunOptions } from './open.ts';
export { evaluateRun } from './evaluate.ts';
export type { RunEvaluation } from './evaluate.ts';
export { recommendFor, recommendAll } from './recommend.ts';
export type { Recommendation, RecommendForOptions, UserRecommendations } from './recommend.ts';
export { similarTo } from './similar.ts';
export type { SimilarItems } from './similar.ts';
export { explainFor } from './explain.ts';
export type { NamedContribution, NamedExplanation } from './explain.ts';
export { writeBack } from './write-back.ts';
export type { WriteBackReport } from './write-back.ts';
export { findItem, findUser, resolveItem } from './items.ts';
export type { ItemMatch, ItemRef } from './items.ts';
export { ratedCsr } from './rated.ts';
export { loadSource, runSource } from './source.ts';
export type { RunSource, SourceRef } from './source.ts';
export { factoryFor, resolveRunConfig } from './kinds.ts';
export { selectBackend } from './backend.ts';
export { scoreMeaning, similarityMeaning } from './score-meaning.ts';
export { epochLine, formatDuration } from './progress.ts';
