import type { ModelKind } from '../registry.ts';
import { GRAPH_FILTER_SCHEMA } from './config.ts';
import { GraphFilter } from './model.ts';

/** Registry entry of the training-free graph filter (GF-CF, BSPM option). */
export const graphFilterFactory: ModelKind = {
  kind: 'graph-filter',
  task: 'ranking',
  description:
    'Training-free graph filter (GF-CF linear + ideal low-pass via randomized SVD; BSPM sharpening option).',
  schema: GRAPH_FILTER_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true },
  create: (config, s) => new GraphFilter(s.numUsers, s.numItems, config),
  load: (dir) => GraphFilter.load(dir),
};
