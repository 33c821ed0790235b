import type { ModelKind } from '../registry.ts';
import { EASE_SCHEMA } from './config.ts';
import { Ease } from './model.ts';
import { folderSizes, seenCsr } from '../shared/folder-spec.ts';

/** Registry entry of the closed-form EASE item–item model (blended with a GF-CF filter by default). */
/** Registry entry of the closed-form EASE item–item model. */
export const easeFactory: ModelKind = {
  kind: 'ease',
  task: 'ranking',
  description:
    'EASE (Steck 2019): closed-form item–item model with exact, rating-weighted fold-in of new users; GF-CF blended in.',
  schema: EASE_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: false, trainingFree: true },
  scoreMeaning:
    'standardised EASE score (+ β × standardised graph-filter score): how far above an average item, in standard deviations',
  similarityMeaning: 'EASE weight of the item given the query item alone, blended like the scores',
  folder: (m, shapes) => {
    const { items } = folderSizes(m);
    const n = shapes['items']?.[0] ?? null;
    const blend = Number((m.config as { filterBlend?: unknown }).filterBlend ?? 0);
    return {
      tensors: {
        items: { dtype: 'I32', shape: [null], below: items },
        weights: { dtype: 'F32', shape: [n, n] },
      },
      csr: [seenCsr(m)],
      nested: blend > 0 ? ['filter'] : [],
    };
  },
  create: (config, s) => new Ease(s.numUsers, s.numItems, config),
  load: (dir) => Ease.load(dir),
};
