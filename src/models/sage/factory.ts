import type { ModelFactory } from '../registry.ts';
import { HETERO_SAGE_KIND, HeteroSageModel } from './model.ts';
import { loadSageModel } from './io.ts';

/** Registry entry of the heterogeneous GraphSAGE rating model (`--model hetero-sage`). */
export const heteroSageFactory: ModelFactory = {
  kind: HETERO_SAGE_KIND,
  task: 'rating',
  description: 'Heterogeneous GraphSAGE (user/item graph, item features) with an MLP edge decoder predicting ratings',
  create: (config, sizes) => new HeteroSageModel(sizes.numUsers, sizes.numItems, config),
  load: (dir) => loadSageModel(dir),
};
