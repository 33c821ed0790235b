import type { ModelKind } from '../registry.ts';
import { Popular } from './popular.ts';

/** Registry entry of the most-popular baseline (no config keys). */
export const popularFactory: ModelKind = {
  kind: 'popular',
  task: 'ranking',
  description: 'Most-popular baseline: unseen items ranked by training popularity.',
  schema: {},
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: false },
  create: (_config, s) => new Popular(s.numUsers, s.numItems),
  load: (dir) => Popular.load(dir),
};
