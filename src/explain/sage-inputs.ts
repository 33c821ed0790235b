import { encodeItemFeatures, type ItemFeatures } from '../data/features/item-features.ts';
import type { Dataset } from '../data/types.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';

/**
 * Item input features of a loaded hetero-sage model rebuilt from its training dataset (the folder stores none), so
 * the item-side edge mask reaches every layer; null when the model has no features or the rebuilt columns differ
 * from the ones it was trained on (`extra.featureNames`).
 */
export async function rebuildItemFeatures(model: HeteroSageModel, ds: Dataset): Promise<ItemFeatures | null> {
  const { net } = model.state();
  const F = net.sizes.itemFeatures;
  if (F === 0 || ds.items.size !== model.numItems) return null;
  const want = (model.extra as { featureNames?: string[] }).featureNames ?? [];
  const f = await encodeItemFeatures(ds, model.config.features, {
    cacheDir: model.config.featureCache || null,
    notice: () => {},
  });
  if (f.cols !== F || f.rows !== model.numItems || (want.length > 0 && want.some((n, k) => f.names[k] !== n)))
    return null;
  return f;
}
