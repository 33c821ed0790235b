import { join } from 'node:path';
import { writeManifest } from '../io/manifest.ts';
import { saveSafetensors } from '../io/safetensors.ts';
import type { StoredTensor } from '../io/safetensors.ts';
import { datasetInfo } from '../shared/dataset-info.ts';
import type { Csr } from '../../tensor/csr.ts';
import type { Dataset } from '../../data/types.ts';
import type { HeteroSageNet } from './network.ts';
import type { SageInference } from './inference.ts';

/**
 * What `saveSageModel` reads of a hetero-sage model. Declared structurally so that the model (which saves itself
 * through this module) and this module do not import each other.
 */
export interface SageSnapshot {
  readonly kind: string;
  readonly config: object;
  readonly numUsers: number;
  readonly numItems: number;
  readonly seed: number;
  readonly seen: Csr | null;
  readonly range: [number, number];
  readonly extra: Record<string, unknown>;
  readonly info: { dataset?: Dataset; trainCount: number; features: { names: string[] } | null };
  state(): { net: HeteroSageNet; inf: SageInference };
}

/**
 * Writes a hetero-sage model folder: parameters by name plus the cached representations
 * (`inference.*`: z_user, z_item, per-layer item → user messages) and the training seen-lists,
 * so a loaded model scores, recommends and folds in users without the dataset or graph.
 */
export async function saveSageModel(m: SageSnapshot, dir: string): Promise<void> {
  const { net, inf } = m.state();
  const h = inf.hidden;
  const tensors: Record<string, StoredTensor> = {};
  for (const p of net.parameters()) tensors[p.name] = { shape: p.shape.slice(), data: p.data };
  tensors['inference.z_user'] = { shape: [m.numUsers, h], data: inf.zUser };
  tensors['inference.z_item'] = { shape: [m.numItems, h], data: inf.zItem };
  inf.itemMessages.forEach(
    (a, l) => (tensors[`inference.item_messages.${l}`] = { shape: [m.numItems, h], data: a }),
  );
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
    extra: {
      ...m.extra,
      sizes: net.sizes,
      edgeTypes: net.edgeTypes,
      range: m.range,
      featureNames: m.info.features?.names ?? [],
    },
  });
}
