import type { ModelKind } from '../registry.ts';
import { checkRatingBlendConfig, RATING_BLEND_KIND, RATING_BLEND_SCHEMA } from './config.ts';
import { memberFolder, RatingBlend } from './model.ts';
import { seenCsr } from '../shared/folder-spec.ts';

/** Registry entry of the least-squares blend of rating models (`--model rating-blend`). */
export const ratingBlendFactory: ModelKind = {
  kind: RATING_BLEND_KIND,
  task: 'rating',
  description:
    'Blend of rating models (default hetero GraphSAGE + 2 × SVD++), weights fitted by least squares on validation',
  schema: RATING_BLEND_SCHEMA,
  check: checkRatingBlendConfig,
  capabilities: { foldIn: true, similarItems: true, ratings: true, exactExplain: false, trainingFree: false },
  scoreMeaning:
    'predicted rating: intercept + weighted sum of the members’ predicted ratings, clamped to the range',
  similarityMeaning: 'the first member’s item similarity',
  folder: (m) => {
    const members = Object.keys((m.config as { members?: Record<string, unknown> }).members ?? {});
    return {
      tensors: { blend: { dtype: 'F32', shape: [members.length + 1] } },
      csr: [seenCsr(m)],
      nested: members.map((key, k) => memberFolder(k, key)),
    };
  },
  create: (config, sizes) => new RatingBlend(sizes.numUsers, sizes.numItems, config),
  load: (dir) => RatingBlend.load(dir),
};
