import { join } from 'node:path';
import { readManifest, writeManifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import type { StoredTensor } from '../io/safetensors.ts';
import { datasetInfo } from '../lightgcn/dataset-info.ts';
import { HeteroGraph } from '../../graph/hetero.ts';
import { Rng } from '../../util/rng.ts';
import { InputError } from '../../util/errors.ts';
import { HeteroSageNet } from './network.ts';
import type { SageNetSizes } from './network.ts';
import { HeteroSageModel } from './model.ts';
import { itemDecoderPart } from './inference.ts';

/**
 * Writes a hetero-sage model folder: parameters by name plus the cached representations
 * (`inference.*`: z_user, z_item, per-layer item → user messages) and the training seen-lists,
 * so a loaded model scores, recommends and folds in users without the dataset or graph.
 */
export async function saveSageModel(m: HeteroSageModel, dir: string): Promise<void> {
  const { net, inf } = m.state();
  const h = inf.hidden;
  const tensors: Record<string, StoredTensor> = {};
  for (const p of net.parameters()) tensors[p.name] = { shape: p.shape.slice(), data: p.data };
  tensors['inference.z_user'] = { shape: [m.numUsers, h], data: inf.zUser };
  tensors['inference.z_item'] = { shape: [m.numItems, h], data: inf.zItem };
  inf.itemMessages.forEach((a, l) => (tensors[`inference.item_messages.${l}`] = { shape: [m.numItems, h], data: a }));
  if (m.seen) {
    tensors['seen.indptr'] = { shape: [m.seen.indptr.length], data: m.seen.indptr };
    tensors['seen.indices'] = { shape: [m.seen.indices.length], data: m.seen.indices };
  }
  await saveSafetensors(join(dir, 'tensors.safetensors'), tensors);
  const info = datasetInfo(m.info.dataset, m.numUsers, m.numItems, m.info.trainCount);
  await writeManifest(dir, {
    kind: m.kind,
    config: { ...m.config },
    seed: m.seed,
    dataset: info.dataset,
    ids: info.ids,
    metrics: (m.extra.metrics as Record<string, unknown> | undefined) ?? {},
    extra: { ...m.extra, sizes: net.sizes, edgeTypes: net.edgeTypes, range: m.range, featureNames: m.info.features?.names ?? [] },
  });
}

/** Loads a folder written by `saveSageModel`. */
export async function loadSageModel(dir: string): Promise<HeteroSageModel> {
  const man = await readManifest(dir);
  const file = join(dir, 'tensors.safetensors');
  const t = await loadSafetensors(file);
  const extra = man.extra ?? {};
  const sizes = extra.sizes as SageNetSizes | undefined;
  const edgeTypes = extra.edgeTypes as [string, string, string][] | undefined;
  if (!sizes || !edgeTypes) throw new InputError({ file: join(dir, 'manifest.json'), field: 'extra.sizes' }, 'missing: not a hetero-sage model folder');
  const m = new HeteroSageModel(sizes.numUsers, sizes.numItems, man.config);
  const g = new HeteroGraph().addNodeType('user', sizes.numUsers).addNodeType('item', sizes.numItems);
  for (const et of edgeTypes) g.addEdgeType(et, new Int32Array(0), new Int32Array(0));
  const net = new HeteroSageNet(g.metadata().edgeTypes, sizes, new Rng(man.seed));
  const need = (name: string): StoredTensor => {
    const x = t[name];
    if (!x) throw new InputError({ file, field: name }, 'tensor missing');
    return x;
  };
  for (const p of net.parameters()) p.data.set(need(p.name).data);
  m.net = net;
  m.seed = man.seed;
  m.range = (extra.range as [number, number] | undefined) ?? [0, 5];
  m.extra = extra;
  const zItem = need('inference.z_item').data as Float32Array;
  m.setInference({
    hidden: sizes.hidden,
    zUser: need('inference.z_user').data as Float32Array,
    zItem,
    itemPart: itemDecoderPart(net, zItem),
    itemMessages: Array.from({ length: sizes.layers }, (_, l) => need(`inference.item_messages.${l}`).data as Float32Array),
  });
  if (t['seen.indptr'] && t['seen.indices']) {
    m.seen = { rows: sizes.numUsers, cols: sizes.numItems, indptr: t['seen.indptr'].data as Int32Array, indices: t['seen.indices'].data as Int32Array, values: null };
  }
  return m;
}
