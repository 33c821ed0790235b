// Public surface of the evaluation module.
export { RankingMetrics, METRICS, gini, itemCoverage, rmse, mae } from './metrics.ts';
export { evaluateRanking } from './evaluate.ts';
export type { RankingEvalOptions } from './evaluate.ts';
export { protocols, registerProtocol, getProtocol, defaultProtocol } from './protocols.ts';
export type { Protocol, ProtocolSetup, EvalPart } from './protocol-types.ts';
import './protocols-builtin.ts';
