import type { ModelKind } from '../registry.ts';
import { GRAPH_FILTER_SCHEMA } from './config.ts';
import { GraphFilter } from './model.ts';
import { filterFolder } from '../shared/folder-spec.ts';
import { GRAPH_FILTER_TUNE_SPACE } from './tune-space.ts';

/** Registry entry of the training-free graph filter (GF-CF, BSPM option). */
export const graphFilterFactory: ModelKind = {
  kind: 'graph-filter',
  task: 'ranking',
  description:
    'Training-free graph filter (GF-CF linear + ideal low-pass via randomized SVD; BSPM sharpening option).',
  schema: GRAPH_FILTER_SCHEMA,
  capabilities: {
    foldIn: true,
    similarItems: true,
    ratings: false,
    exactExplain: true,
    trainingFree: true,
    linearSignals: true,
  },
  scoreMeaning:
    "graph-filter response of the item to the user's history (higher ranks first; not a probability)",
  similarityMeaning: 'graph-filter response of each item to the query item alone',
  folder: (m, shapes) => filterFolder(m, shapes),
  create: (config, s) => new GraphFilter(s.numUsers, s.numItems, config),
  // The ideal term's weight is read at scoring time only, so α is the one key that changes without a refit.
  reconfigure: (model, values) => {
    if (!(model instanceof GraphFilter))
      throw new Error(`graph-filter: cannot reconfigure a ${model.kind} model`);
    for (const [k, v] of Object.entries(values)) {
      if (k !== 'alpha') throw new Error(`graph-filter cannot change ${k} without refitting`);
      if (typeof v !== 'number' || !(v >= 0))
        throw new Error(`graph-filter: alpha must be a number >= 0, got ${String(v)}`);
      model.config.alpha = v;
    }
  },
  tuneSpace: GRAPH_FILTER_TUNE_SPACE,
  load: (dir) => GraphFilter.load(dir),
};
