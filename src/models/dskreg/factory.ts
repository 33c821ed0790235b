import type { ModelKind } from '../registry.ts';
import { DSKREG_SCHEMA, checkDskregConfig, parseDskregConfig } from './config.ts';
import { Dskreg } from './model.ts';

/** Registry entry of DSKReG. */
export const dskregFactory: ModelKind = {
  kind: 'dskreg',
  task: 'ranking',
  description:
    'DSKReG (Wang et al. 2021): relational GNN over a knowledge graph of item side information with differentiable Gumbel top-K neighbour sampling, BPR loss.',
  schema: DSKREG_SCHEMA,
  check: checkDskregConfig,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true },
  create: (config, s) => new Dskreg(s.numUsers, s.numItems, parseDskregConfig(config)),
  load: (dir) => Dskreg.load(dir),
};
