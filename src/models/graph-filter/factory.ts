import type { ModelFactory } from '../registry.ts';
import { GraphFilter } from './model.ts';

/** Registry entry of the training-free graph filter (GF-CF, BSPM option). */
export const graphFilterFactory: ModelFactory = {
  kind: 'graph-filter',
  task: 'ranking',
  description: 'Training-free graph filter (GF-CF linear + ideal low-pass via randomized SVD; BSPM sharpening option).',
  create: (config, s) => new GraphFilter(s.numUsers, s.numItems, config),
  load: (dir) => GraphFilter.load(dir),
};
