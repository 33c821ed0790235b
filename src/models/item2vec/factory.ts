import { Item2VecRecommender } from './model.ts';
import { readItem2Vec } from './persist.ts';
import type { ModelFactory } from '../registry.ts';

/** `--model item2vec`: PMI co-occurrence graph → node2vec walks → skip-gram item embeddings. */
export const item2vecFactory: ModelFactory = {
  kind: 'item2vec',
  task: 'ranking',
  description: 'item2vec: PMI co-occurrence graph, node2vec walks and skip-gram embeddings; cosine similar items',
  create: (config, sizes) => new Item2VecRecommender(config, sizes),
  async load(dir) {
    const { config, sizes, state } = await readItem2Vec(dir);
    return new Item2VecRecommender({ ...config }, sizes, state);
  },
};
