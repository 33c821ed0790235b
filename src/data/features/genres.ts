import type { ItemMeta } from '../types.ts';
import type { FeatureBlock } from './block.ts';

/** Options of `encodeGenres`. */
export interface GenreOptions {
  /** Keep only the N most frequent genres (the anime notebook's top ten); 0 or absent keeps all. */
  topN?: number;
}

/** Placeholder genre labels that mean "none" rather than a real genre. */
const NO_GENRE = new Set(['(no genres listed)', '']);

/**
 * Multi-hot genre matrix (items × genres): 1 where the item has the genre. Genres are ordered by
 * frequency (ties by name) so the column order is stable across runs and top-N is a prefix.
 */
export function encodeGenres(meta: readonly ItemMeta[], o: GenreOptions = {}): FeatureBlock {
  const freq = new Map<string, number>();
  for (const m of meta)
    for (const g of m.genres ?? []) if (!NO_GENRE.has(g)) freq.set(g, (freq.get(g) ?? 0) + 1);
  let names = [...freq.keys()].sort(
    (a, b) => (freq.get(b) ?? 0) - (freq.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  );
  if (o.topN && o.topN > 0) names = names.slice(0, o.topN);
  const col = new Map(names.map((g, i) => [g, i]));
  const cols = names.length;
  const data = new Float32Array(meta.length * cols);
  meta.forEach((m, r) => {
    for (const g of m.genres ?? []) {
      const c = col.get(g);
      if (c !== undefined) data[r * cols + c] = 1;
    }
  });
  return { rows: meta.length, cols, data, names: names.map((g) => `genre:${g}`) };
}
