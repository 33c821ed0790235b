import type { ModelKind } from '../registry.ts';
import { SVDPP_SCHEMA } from './config.ts';
import { SVDPP_KIND, SvdppModel } from './model.ts';
import { folderSizes, seenCsr } from '../shared/folder-spec.ts';

/** Registry entry of the SVD++ rating model (`--model svdpp`). */
export const svdppFactory: ModelKind = {
  kind: SVDPP_KIND,
  task: 'rating',
  description:
    'SVD++ (Koren 2008): biased matrix factorisation whose users also sum implicit factors of their rated items',
  schema: SVDPP_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: true, exactExplain: false, trainingFree: false },
  scoreMeaning:
    'predicted rating (μ + user bias + item bias + factor dot product), clamped to the rating range',
  similarityMeaning: 'cosine of the items’ latent factors',
  folder: (m) => {
    const { users, items } = folderSizes(m);
    const f = Number((m.config as { factors?: unknown }).factors);
    return {
      tensors: {
        user_bias: { dtype: 'F32', shape: [users] },
        item_bias: { dtype: 'F32', shape: [items] },
        p: { dtype: 'F32', shape: [users, f] },
        q: { dtype: 'F32', shape: [items, f] },
        y: { dtype: 'F32', shape: [items, f] },
      },
      csr: [seenCsr(m)],
    };
  },
  create: (config, sizes) => new SvdppModel(sizes.numUsers, sizes.numItems, config),
  load: (dir) => SvdppModel.load(dir),
};
