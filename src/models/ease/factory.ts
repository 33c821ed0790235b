import type { ModelKind } from '../registry.ts';
import { EASE_SCHEMA } from './config.ts';
import { Ease } from './model.ts';

/** Registry entry of the closed-form EASE item–item model (blended with a GF-CF filter by default). */
/** Registry entry of the closed-form EASE item–item model. */
export const easeFactory: ModelKind = {
  kind: 'ease',
  task: 'ranking',
  description:
    'EASE (Steck 2019): closed-form item–item model with exact, rating-weighted fold-in of new users; GF-CF blended in.',
  schema: EASE_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: false },
  scoreMeaning:
    'standardised EASE score (+ β × standardised graph-filter score): how far above an average item, in standard deviations',
  similarityMeaning: 'EASE weight of the item given the query item alone, blended like the scores',
  create: (config, s) => new Ease(s.numUsers, s.numItems, config),
  load: (dir) => Ease.load(dir),
};
