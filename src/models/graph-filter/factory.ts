import type { ModelKind } from '../registry.ts';
import { GRAPH_FILTER_SCHEMA } from './config.ts';
import { GraphFilter } from './model.ts';
import { filterFolder } from '../shared/folder-spec.ts';

/** Registry entry of the training-free graph filter (GF-CF, BSPM option). */
export const graphFilterFactory: ModelKind = {
  kind: 'graph-filter',
  task: 'ranking',
  description:
    'Training-free graph filter (GF-CF linear + ideal low-pass via randomized SVD; BSPM sharpening option).',
  schema: GRAPH_FILTER_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true },
  scoreMeaning:
    "graph-filter response of the item to the user's history (higher ranks first; not a probability)",
  similarityMeaning: 'graph-filter response of each item to the query item alone',
  folder: (m, shapes) => filterFolder(m, shapes),
  create: (config, s) => new GraphFilter(s.numUsers, s.numItems, config),
  load: (dir) => GraphFilter.load(dir),
};
