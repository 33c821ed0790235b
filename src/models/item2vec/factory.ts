import { Item2VecRecommender } from './model.ts';
import { readItem2Vec } from './persist.ts';
import { ITEM2VEC_SCHEMA } from './config.ts';
import type { ModelKind } from '../registry.ts';

/** `--model item2vec`: PMI co-occurrence graph → node2vec walks → skip-gram item embeddings. */
export const item2vecFactory: ModelKind = {
  kind: 'item2vec',
  task: 'ranking',
  description:
    'item2vec: PMI co-occurrence graph, node2vec walks and skip-gram embeddings; cosine similar items',
  schema: ITEM2VEC_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true },
  similarityMeaning: 'cosine similarity of item embeddings (−1..1)',
  create: (config, sizes) => new Item2VecRecommender(config, sizes),
  async load(dir) {
    const { config, sizes, state } = await readItem2Vec(dir);
    return new Item2VecRecommender({ ...config }, sizes, state);
  },
};
