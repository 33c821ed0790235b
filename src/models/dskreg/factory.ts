import type { ModelKind } from '../registry.ts';
import { DSKREG_SCHEMA, checkDskregConfig, parseDskregConfig } from './config.ts';
import { Dskreg } from './model.ts';
import { embeddingFolder } from '../shared/folder-spec.ts';

/** Registry entry of DSKReG. */
export const dskregFactory: ModelKind = {
  kind: 'dskreg',
  task: 'ranking',
  description:
    'DSKReG (Wang et al. 2021): relational GNN over a knowledge graph of item side information with differentiable Gumbel top-K neighbour sampling, BPR loss.',
  schema: DSKREG_SCHEMA,
  check: checkDskregConfig,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true, trainingFree: false },
  scoreMeaning:
    "dot product of the user's and the item's knowledge-aware embeddings (higher ranks first; not a probability)",
  similarityMeaning: 'cosine similarity of the item embeddings (−1..1)',
  storedConfigKeys: ['kgNames'],
  folder: (m, shapes) => {
    const dim = Number(m.config.dim);
    const spec = embeddingFolder(m, dim);
    const entities = shapes['param.emb']?.[0] ?? 0;
    const relations = shapes['param.rel_emb']?.[0] ?? 0;
    return {
      tensors: {
        ...spec.tensors,
        'param.emb': { dtype: 'F32', shape: [null, dim] },
        'param.rel_emb': { dtype: 'F32', shape: [null, dim] },
        sampled_rel: { dtype: 'I32', shape: [null], below: relations, optional: true },
      },
      csr: [
        ...(spec.csr ?? []),
        {
          indptr: 'sampled_indptr',
          indices: 'sampled_nbr',
          rows: entities,
          cols: entities,
          values: ['sampled_rel', 'sampled_weight'],
          optional: true,
        },
      ],
    };
  },
  create: (config, s) => new Dskreg(s.numUsers, s.numItems, parseDskregConfig(config)),
  load: (dir) => Dskreg.load(dir),
};
