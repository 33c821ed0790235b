import { prescribedKeys, type ModelKind } from '../registry.ts';
import { LIGHTGCN_SCHEMA, parseLightGcnConfig } from './config.ts';
import { LightGcn } from './lightgcn.ts';
import { embeddingFolder, folderSizes } from '../shared/folder-spec.ts';
import type { Manifest } from '../io/manifest.ts';
import type { FolderSpec } from '../io/folder-spec.ts';

/** Registry entry of LightGCN: follows the ranking protocols' BPR prescriptions (dim, layers, λ, lr, batch …). */
export const lightGcnFactory: ModelKind = {
  kind: 'lightgcn',
  task: 'ranking',
  description: 'LightGCN (He et al. 2020): linear propagation over the normalised user–item graph, BPR loss.',
  schema: LIGHTGCN_SCHEMA,
  protocolDefaults: (p) => prescribedKeys(LIGHTGCN_SCHEMA, p.modelDefaults),
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true, trainingFree: false },
  scoreMeaning:
    "dot product of the user's and the item's propagated embeddings (higher ranks first; not a probability)",
  similarityMeaning: 'cosine similarity of the propagated item embeddings (−1..1)',
  folder: (m) => lightGcnFolder(m),
  create: (config, s) => new LightGcn(s.numUsers, s.numItems, parseLightGcnConfig(config)),
  load: (dir) => LightGcn.loadInto(dir, (u, i, c) => new LightGcn(u, i, parseLightGcnConfig(c))),
};

/** LightGCN's and MF-BPR's folder: final embeddings, the layer-0 embeddings (`emb0`) and the seen items. */
export function lightGcnFolder(m: Manifest): FolderSpec {
  const dim = Number(m.config.dim);
  const spec = embeddingFolder(m, dim);
  const { users, items } = folderSizes(m);
  return {
    ...spec,
    tensors: { ...spec.tensors, emb0: { dtype: 'F32', shape: [users + items, dim], optional: true } },
  };
}
