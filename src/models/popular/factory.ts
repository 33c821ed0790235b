import type { ModelKind } from '../registry.ts';
import { Popular } from './popular.ts';
import { folderSizes, seenCsr } from '../shared/folder-spec.ts';

/** Registry entry of the most-popular baseline (no config keys). */
export const popularFactory: ModelKind = {
  kind: 'popular',
  task: 'ranking',
  description: 'Most-popular baseline: unseen items ranked by training popularity.',
  schema: {},
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: false, trainingFree: true },
  scoreMeaning: 'number of training users who interacted with the item (the same for every user)',
  similarityMeaning:
    "cosine of the two items' user sets (co-interactions / √(popularity × popularity), 0..1)",
  folder: (m) => ({
    tensors: { popularity: { dtype: 'F32', shape: [folderSizes(m).items] } },
    csr: [seenCsr(m)],
  }),
  create: (_config, s) => new Popular(s.numUsers, s.numItems),
  load: (dir) => Popular.load(dir),
};
