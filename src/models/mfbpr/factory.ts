import { parseConfig } from '../schema.ts';
import { prescribedKeys, type ModelKind } from '../registry.ts';
import { BPR_SCHEMA } from '../lightgcn/config.ts';
import { LightGcn } from '../lightgcn/lightgcn.ts';
import { MfBpr } from './mfbpr.ts';
import { lightGcnFolder } from '../lightgcn/factory.ts';

/** Registry entry of MF-BPR (`mfbpr`, its earlier spelling, still opens): LightGCN's BPR keys without `layers`. */
export const mfBprFactory: ModelKind = {
  kind: 'mf-bpr',
  aliases: ['mfbpr'],
  task: 'ranking',
  description: 'Matrix factorisation trained with BPR (LightGCN without propagation).',
  schema: BPR_SCHEMA,
  // Folders saved before MF-BPR dropped the key record `layers: 0`.
  shorthands: (raw) => {
    const { layers, ...rest } = raw;
    return layers === 0 ? rest : { ...raw };
  },
  protocolDefaults: (p) => prescribedKeys(BPR_SCHEMA, p.modelDefaults),
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true, trainingFree: false },
  scoreMeaning: "dot product of the user's and the item's embeddings (higher ranks first; not a probability)",
  similarityMeaning: 'cosine similarity of the item embeddings (−1..1)',
  folder: (m) => lightGcnFolder(m),
  create: (config, s) => new MfBpr(s.numUsers, s.numItems, parseConfig('mf-bpr', BPR_SCHEMA, config)),
  load: (dir) =>
    LightGcn.loadInto(
      dir,
      (u, i, c) => new MfBpr(u, i, parseConfig('mf-bpr', BPR_SCHEMA, mfBprFactory.shorthands?.(c) ?? c)),
    ),
};
