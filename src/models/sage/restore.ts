import { join } from 'node:path';
import { readManifest } from '../io/manifest.ts';
import { loadSafetensors } from '../io/safetensors.ts';
import type { StoredTensor } from '../io/safetensors.ts';
import { HeteroGraph } from '../../graph/hetero.ts';
import { Rng } from '../../util/rng.ts';
import { InputError } from '../../util/errors.ts';
import { HeteroSageNet } from './network.ts';
import type { SageNetSizes } from './network.ts';
import { HeteroSageModel } from './model.ts';
import { itemDecoderPart } from './inference.ts';

/** Loads a folder written by `saveSageModel`. */
export async function loadSageModel(dir: string): Promise<HeteroSageModel> {
  const man = await readManifest(dir);
  const file = join(dir, 'tensors.safetensors');
  const t = await loadSafetensors(file);
  const extra = man.extra ?? {};
  const sizes = extra.sizes as SageNetSizes | undefined;
  const edgeTypes = extra.edgeTypes as [string, string, string][] | undefined;
  if (!sizes || !edgeTypes)
    throw new InputError(
      { file: join(dir, 'manifest.json'), field: 'extra.sizes' },
      'missing: not a hetero-sage model folder',
    );
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
    itemMessages: Array.from(
      { length: sizes.layers },
      (_, l) => need(`inference.item_messages.${l}`).data as Float32Array,
    ),
  });
  if (t['seen.indptr'] && t['seen.indices']) {
    m.seen = {
      rows: sizes.numUsers,
      cols: sizes.numItems,
      indptr: t['seen.indptr'].data as Int32Array,
      indices: t['seen.indices'].data as Int32Array,
      values: null,
    };
  }
  return m;
}
