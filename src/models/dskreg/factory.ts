import type { ModelFactory } from '../registry.ts';
import { parseDskregConfig } from './config.ts';
import { Dskreg } from './model.ts';

/** Registry entry of DSKReG. */
export const dskregFactory: ModelFactory = {
  kind: 'dskreg',
  task: 'ranking',
  description: 'DSKReG (Wang et al. 2021): relational GNN over a knowledge graph of item side information with differentiable Gumbel top-K neighbour sampling, BPR loss.',
  create: (config, s) => new Dskreg(s.numUsers, s.numItems, parseDskregConfig(config)),
  load: (dir) => Dskreg.load(dir),
};
