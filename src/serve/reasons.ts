import type { Catalog } from './catalog.ts';
import type { Rated } from './history.ts';
import type { ServedModel } from './served-model.ts';
import type { Reason } from './schemas/types.ts';

/**
 * Explains recommendations by the user's rated items. The server only calls this type, so the
 * fold-in approximation below can be swapped for `src/explain/` (exact LightGCN contributions) later.
 */
export type ReasonProvider = (
  model: ServedModel,
  rated: readonly Rated[],
  items: readonly string[],
  max: number,
) => Reason[][];

/** How many of the user's best-rated items are considered as reasons (each costs one fold-in). */
export const REASON_CANDIDATES = 8;

/** A small LRU of single-item fold-in score vectors, shared by all users of a model. */
class VectorCache {
  private readonly map = new Map<string, Float32Array>();
  constructor(private readonly capacity: number) {}
  get(key: string, make: () => Float32Array): Float32Array {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const v = make();
    this.map.set(key, v);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
    return v;
  }
}

/**
 * Reasons by item–item similarity under the model: each rated item j alone is folded in as a one-item
 * user, and its scores are standardised (z-scores over all items), so s_j(i) says how unusually well
 * i fits someone who liked only j. The rated items with the highest positive s_j(i) are the reasons,
 * weighted by their share. (LightGCN's raw additive contributions e_j·e_i would name the same
 * high-norm popular items for every recommendation; standardising makes reasons item-specific.)
 */
export function foldInReasons(catalog: Catalog, cacheSize = 512): ReasonProvider {
  const caches = new Map<string, VectorCache>();
  return (model, rated, items, max) => {
    let cache = caches.get(model.name);
    if (!cache) caches.set(model.name, (cache = new VectorCache(cacheSize)));
    const known = [...rated]
      .filter((r) => model.items.has(r.item))
      .sort((a, b) => b.rating - a.rating)
      .slice(0, REASON_CANDIDATES);
    const vectors = known.map((r) =>
      cache.get(`${r.item}\u0000${r.rating}`, () =>
        standardised(
          model.recommender.foldIn(Int32Array.of(model.items.get(r.item)!), Float32Array.of(r.rating)),
        ),
      ),
    );
    return items.map((id) => {
      const i = model.items.get(id);
      if (i === undefined || known.length === 0) return [];
      const contrib = vectors.map((v) => v[i]!);
      const lo = Math.min(...contrib);
      const hi = Math.max(...contrib);
      // Identical contributions (a popularity baseline) say nothing about the user's taste.
      if (hi - lo <= 1e-6 * Math.max(Math.abs(hi), Math.abs(lo), 1e-12)) return [];
      const positive = contrib.map((c, j) => ({ c, j })).filter((x) => x.c > 0);
      const total = positive.reduce((s, x) => s + x.c, 0);
      return positive
        .sort((a, b) => b.c - a.c)
        .slice(0, max)
        .map(({ c, j }) => ({
          item: known[j]!.item,
          title: catalog.title(known[j]!.item),
          rating: known[j]!.rating,
          weight: Math.round((c / total) * 1000) / 1000,
        }));
    });
  };
}

/** Z-scores of the finite entries (0 elsewhere; all 0 when the scores are constant). */
function standardised(v: Float32Array): Float32Array {
  let s = 0;
  let ss = 0;
  let n = 0;
  for (const x of v) {
    if (!Number.isFinite(x)) continue;
    s += x;
    ss += x * x;
    n++;
  }
  const mean = n ? s / n : 0;
  const sd = n ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : 0;
  const out = new Float32Array(v.length);
  if (sd <= 1e-12 * Math.max(1, Math.abs(mean))) return out;
  for (let i = 0; i < v.length; i++) out[i] = Number.isFinite(v[i]!) ? (v[i]! - mean) / sd : 0;
  return out;
}
