import type { ItemMeta } from '../data/types.ts';
import type { ServedModel } from './served-model.ts';

/** Content neighbours each new item borrows its embedding from. */
const NEIGHBOURS = 20;
/** Weight of year closeness next to genre overlap (genres say more about taste than release years do). */
const YEAR_WEIGHT = 0.25;
/** Years apart at which year closeness reaches 0. */
const YEAR_SPAN = 20;
/** Weight of a matching type (TV, Movie, OVA, …). */
const TYPE_WEIGHT = 0.15;

/** An item added while serving: raw id and the features it came with. */
export interface AddedItem {
  id: string;
  meta: ItemMeta;
}

/** A new item's embedding as a convex combination of model items: `weights[n]` of model item `items[n]`. */
export interface ContentEmbedding {
  items: Int32Array;
  weights: Float32Array;
}

/**
 * Items added after the models were trained, made recommendable through their content: each gets an embedding
 * that is a weighted mean of the embeddings of its `NEIGHBOURS` most similar model items by features (genre
 * overlap, year closeness, type). Every served score is linear in the item embedding (a dot product, or a rating
 * prediction read as one), so the new item's score for any user is the same weighted mean of its neighbours'
 * scores: `extend` appends those to a user's score row, whatever the model kind. Shared by every model version.
 */
export class ContentItems {
  private readonly list: AddedItem[] = [];
  private readonly byId = new Map<string, number>();
  private readonly embeddings = new WeakMap<ServedModel, ContentEmbedding[]>();

  /** Number of added items. */
  get size(): number {
    return this.list.length;
  }

  /** Added items in the order they were added. */
  get items(): readonly AddedItem[] {
    return this.list;
  }

  /** Adds an item (its embeddings are computed per model when first needed). */
  add(item: AddedItem): void {
    this.byId.set(item.id, this.list.length);
    this.list.push(item);
  }

  /** Position of an added item (after the model's own items: score index `model.items.size + position`). */
  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** The raw id of score index `i` of an extended row of `model`. */
  rawId(model: ServedModel, i: number): string {
    const n = model.items.size;
    return i < n ? model.items.raw(i) : this.list[i - n]!.id;
  }

  /** A user's score row over the model's items followed by the added items' content scores. */
  extend(model: ServedModel, scores: Float32Array, meta: (modelItem: number) => ItemMeta): Float32Array {
    if (this.list.length === 0) return scores;
    const emb = this.embeddingsFor(model, meta);
    const out = new Float32Array(scores.length + emb.length);
    out.set(scores);
    for (let j = 0; j < emb.length; j++) {
      const { items, weights } = emb[j]!;
      let s = 0;
      for (let n = 0; n < items.length; n++) s += weights[n]! * scores[items[n]!]!;
      out[scores.length + j] = items.length === 0 ? -Infinity : s;
    }
    return out;
  }

  /** Each added item's content embedding under `model` (computed once per model and item). */
  embeddingsFor(model: ServedModel, meta: (modelItem: number) => ItemMeta): ContentEmbedding[] {
    let emb = this.embeddings.get(model);
    if (!emb) this.embeddings.set(model, (emb = []));
    for (let j = emb.length; j < this.list.length; j++)
      emb.push(contentEmbedding(this.list[j]!.meta, model.items.size, meta));
    return emb;
  }
}

/** The `NEIGHBOURS` model items most similar to `target` by content, weights ∝ similarity, summing to 1. */
export function contentEmbedding(
  target: ItemMeta,
  numItems: number,
  meta: (modelItem: number) => ItemMeta,
): ContentEmbedding {
  const best: Array<{ i: number; s: number }> = [];
  for (let i = 0; i < numItems; i++) {
    const s = contentSimilarity(target, meta(i));
    if (s <= 0 || (best.length === NEIGHBOURS && s <= best[NEIGHBOURS - 1]!.s)) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.s < s) at--;
    best.splice(at, 0, { i, s });
    if (best.length > NEIGHBOURS) best.pop();
  }
  let total = 0;
  for (const b of best) total += b.s;
  return {
    items: Int32Array.from(best, (b) => b.i),
    weights: Float32Array.from(best, (b) => b.s / total),
  };
}

/** Feature similarity of two items: genre Jaccard, plus year closeness and a type match, 0 when nothing is shared. */
export function contentSimilarity(a: ItemMeta, b: ItemMeta): number {
  let s = 0;
  const ga = a.genres ?? [];
  const gb = b.genres ?? [];
  if (ga.length > 0 && gb.length > 0) {
    const sb = new Set(gb.map((g) => g.toLowerCase()));
    let both = 0;
    for (const g of ga) if (sb.has(g.toLowerCase())) both++;
    s += both / (ga.length + gb.length - both);
  }
  if (a.year !== undefined && b.year !== undefined)
    s += YEAR_WEIGHT * Math.max(0, 1 - Math.abs(a.year - b.year) / YEAR_SPAN);
  if (a.type !== undefined && a.type === b.type) s += TYPE_WEIGHT;
  return s;
}
