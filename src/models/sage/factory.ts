import type { ModelKind } from '../registry.ts';
import { HETERO_SAGE_KIND, HeteroSageModel } from './model.ts';
import { SAGE_SCHEMA, checkSageConfig, sageShorthands } from './config.ts';
import { loadSageModel } from './restore.ts';

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
  capabilities: { foldIn: true, similarItems: true, ratings: true, exactExplain: true },
  create: (config, sizes) => new HeteroSageModel(sizes.numUsers, sizes.numItems, config),
  load: (dir) => loadSageModel(dir),
};
