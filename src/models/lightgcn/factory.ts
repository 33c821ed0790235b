import { prescribedKeys, type ModelKind } from '../registry.ts';
import { LIGHTGCN_SCHEMA, parseLightGcnConfig } from './config.ts';
import { LightGcn } from './lightgcn.ts';

/** Registry entry of LightGCN: follows the ranking protocols' BPR prescriptions (dim, layers, λ, lr, batch …). */
export const lightGcnFactory: ModelKind = {
  kind: 'lightgcn',
  task: 'ranking',
  description: 'LightGCN (He et al. 2020): linear propagation over the normalised user–item graph, BPR loss.',
  schema: LIGHTGCN_SCHEMA,
  protocolDefaults: (p) => prescribedKeys(LIGHTGCN_SCHEMA, p.modelDefaults),
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true },
  create: (config, s) => new LightGcn(s.numUsers, s.numItems, parseLightGcnConfig(config)),
  load: (dir) => LightGcn.loadInto(dir, (u, i, c) => new LightGcn(u, i, parseLightGcnConfig(c))),
};
