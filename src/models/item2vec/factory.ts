import { Item2VecRecommender } from './model.ts';
import { readItem2Vec } from './persist.ts';
import { ITEM2VEC_SCHEMA } from './config.ts';
import type { ModelKind } from '../registry.ts';
import { folderSizes } from '../shared/folder-spec.ts';

/** `--model item2vec`: PMI co-occurrence graph → node2vec walks → skip-gram item embeddings. */
export const item2vecFactory: ModelKind = {
  kind: 'item2vec',
  task: 'ranking',
  description:
    'item2vec: PMI co-occurrence graph, node2vec walks and skip-gram embeddings; cosine similar items',
  schema: ITEM2VEC_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true, trainingFree: false },
  scoreMeaning:
    'mean cosine similarity of the item to the items the user rated (userScoring mean; neighbour votes otherwise; items outside the graph score below −2)',
  similarityMeaning: 'cosine similarity of item embeddings (−1..1)',
  folder: (m, shapes) => {
    const { users, items } = folderSizes(m);
    const nodes = shapes['node_items']?.[0] ?? null;
    return {
      tensors: {
        embeddings: { dtype: 'F32', shape: [nodes, Number(m.config.dim)] },
        node_items: { dtype: 'I32', shape: [null], below: items },
        item_pop: { dtype: 'F32', shape: [items] },
      },
      csr: [
        { indptr: 'user_indptr', indices: 'user_items', rows: users, cols: items, values: ['user_ratings'] },
      ],
    };
  },
  create: (config, sizes) => new Item2VecRecommender(config, sizes),
  async load(dir) {
    const { config, sizes, state } = await readItem2Vec(dir);
    return new Item2VecRecommender({ ...config }, sizes, state);
  },
};
