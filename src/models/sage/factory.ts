import type { ModelKind } from '../registry.ts';
import { HETERO_SAGE_KIND, HeteroSageModel } from './model.ts';
import { SAGE_SCHEMA, checkSageConfig, sageShorthands } from './config.ts';
import { loadSageModel } from './restore.ts';
import { folderSizes, seenCsr } from '../shared/folder-spec.ts';

/** Registry entry of the heterogeneous GraphSAGE rating model (`--model hetero-sage`). */
export const heteroSageFactory: ModelKind = {
  kind: HETERO_SAGE_KIND,
  aliases: ['sage'],
  task: 'rating',
  description:
    'Heterogeneous GraphSAGE (user/item graph, item features) with an MLP edge decoder predicting ratings',
  schema: SAGE_SCHEMA,
  shorthands: sageShorthands,
  check: checkSageConfig,
  capabilities: { foldIn: true, similarItems: true, ratings: true, exactExplain: true, trainingFree: false },
  folder: (m) => {
    const { users, items } = folderSizes(m);
    const c = m.config as { hidden?: unknown; userDim?: unknown; layers?: unknown };
    const hidden = Number(c.hidden);
    const userDim = Number(c.userDim);
    const layers = Number(c.layers);
    const messages = Object.fromEntries(
      Array.from({ length: layers }, (_, l) => [
        `inference.item_messages.${l}`,
        { dtype: 'F32' as const, shape: [items, hidden] },
      ]),
    );
    return {
      tensors: {
        'inference.z_user': { dtype: 'F32', shape: [users, hidden] },
        'inference.z_item': { dtype: 'F32', shape: [items, hidden] },
        ...messages,
        ...(userDim > 0 ? { 'user.embedding': { dtype: 'F32', shape: [users, userDim] } } : {}),
      },
      csr: [{ ...seenCsr(m, 'seen', '.'), optional: true }],
    };
  },
  create: (config, sizes) => new HeteroSageModel(sizes.numUsers, sizes.numItems, config),
  load: (dir) => loadSageModel(dir),
};
