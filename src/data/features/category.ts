import type { ItemMeta } from '../types.ts';
import type { FeatureBlock } from './block.ts';

/**
 * One-hot item type (TV, Movie, OVA …; pandas `get_dummies`): one column per type seen, sorted by
 * name; items with no type get an all-zero row. Datasets without types yield zero columns.
 */
export function encodeType(meta: readonly ItemMeta[]): FeatureBlock {
  const types = [...new Set(meta.map((m) => m.type).filter((t): t is string => !!t))].sort();
  const col = new Map(types.map((t, i) => [t, i]));
  const cols = types.length;
  const data = new Float32Array(meta.length * cols);
  meta.forEach((m, r) => {
    const c = m.type ? col.get(m.type) : undefined;
    if (c !== undefined) data[r * cols + c] = 1;
  });
  return { rows: meta.length, cols, data, names: types.map((t) => `type:${t}`) };
}
