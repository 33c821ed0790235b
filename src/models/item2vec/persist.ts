import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
import { readManifest, writeManifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import { InputError } from '../../util/errors.ts';
import type { Item2VecConfig } from './config.ts';
import type { Item2VecState } from './state.ts';
import type { StoredTensor } from '../io/safetensors.ts';

/** Side file with item titles in dense order (JSON array, null where unknown). */
export const TITLES_FILE = 'titles.json';

/**
 * Writes an item2vec model folder: tensors (`embeddings` [nodes, dim] unit rows, `node_items` [nodes],
 * `item_pop` [items], `user_indptr` [users+1], `user_items`/`user_ratings` [train interactions]),
 * `titles.json`, and `manifest.json` last so a complete manifest means a complete folder.
 */
export async function saveItem2Vec(dir: string, config: Item2VecConfig, s: Item2VecState): Promise<void> {
  const tensors: Record<string, StoredTensor> = {
    embeddings: { shape: [s.nodeItems.length, s.dim], data: s.emb },
    node_items: { shape: [s.nodeItems.length], data: s.nodeItems },
    item_pop: { shape: [s.itemPop.length], data: s.itemPop },
    user_indptr: { shape: [s.userPtr.length], data: s.userPtr },
    user_items: { shape: [s.userItems.length], data: s.userItems },
    user_ratings: { shape: [s.userRatings.length], data: s.userRatings },
  };
  await saveSafetensors(join(dir, 'tensors.safetensors'), tensors);
  if (s.titles) await writeFileAtomic(join(dir, TITLES_FILE), JSON.stringify(s.titles) + '\n');
  await writeManifest(dir, {
    kind: 'item2vec',
    config: { ...config },
    seed: s.seed,
    dataset: s.dataset,
    ids: s.ids,
    metrics: {},
    extra: { graph: s.graph, loss: s.loss, titles: s.titles ? TITLES_FILE : null },
  });
}

/** What `readItem2Vec` restores: config, sizes and the trained state. */
export interface LoadedItem2Vec {
  config: Item2VecConfig;
  sizes: { numUsers: number; numItems: number };
  state: Item2VecState;
}

/** Reads a folder written by `saveItem2Vec`, checking tensor shapes against the manifest. */
export async function readItem2Vec(dir: string): Promise<LoadedItem2Vec> {
  const m = await readManifest(dir);
  const file = join(dir, 'tensors.safetensors');
  if (m.kind !== 'item2vec')
    throw new InputError(
      { file: join(dir, 'manifest.json'), field: 'kind' },
      `expected item2vec, got ${m.kind}`,
    );
  const t = await loadSafetensors(file);
  const f32 = (name: string): Float32Array => {
    const x = t[name]?.data;
    if (!(x instanceof Float32Array)) throw new InputError({ file, field: name }, 'missing F32 tensor');
    return x;
  };
  const i32 = (name: string): Int32Array => {
    const x = t[name]?.data;
    if (!(x instanceof Int32Array)) throw new InputError({ file, field: name }, 'missing I32 tensor');
    return x;
  };
  const numUsers = m.ids.users.length;
  const numItems = m.ids.items.length;
  const nodeItems = i32('node_items');
  const emb = f32('embeddings');
  const dim = t.embeddings.shape[1] ?? 0;
  const itemPop = f32('item_pop');
  const userPtr = i32('user_indptr');
  if (
    itemPop.length !== numItems ||
    userPtr.length !== numUsers + 1 ||
    emb.length !== nodeItems.length * dim
  ) {
    throw new InputError({ file }, 'tensor shapes do not match the manifest ids');
  }
  const itemNode = new Int32Array(numItems).fill(-1);
  nodeItems.forEach((item, node) => (itemNode[item] = node));
  const extra = m.extra ?? {};
  let titles: Array<string | null> | null = null;
  if (typeof extra.titles === 'string')
    titles = JSON.parse(await readFile(join(dir, extra.titles), 'utf8')) as Array<string | null>;
  const graph = (extra.graph ?? { nodes: nodeItems.length, edges: 0, pairs: 0 }) as Item2VecState['graph'];
  const state: Item2VecState = {
    dim,
    emb,
    nodeItems,
    itemNode,
    itemPop,
    seed: m.seed,
    userPtr,
    userItems: i32('user_items'),
    userRatings: f32('user_ratings'),
    graph,
    ids: m.ids,
    titles,
    dataset: m.dataset,
    loss: Array.isArray(extra.loss) ? (extra.loss as number[]) : [],
  };
  return { config: m.config as unknown as Item2VecConfig, sizes: { numUsers, numItems }, state };
}
