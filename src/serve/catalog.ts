import type { Dataset, ItemMeta } from '../data/types.ts';
import type { ItemInfo } from './schemas/types.ts';

/** Item metadata and rating statistics by raw item id: what the API shows about items. */
export class Catalog {
  /** Raw item ids in catalog order. */
  readonly ids: string[];
  readonly meta: ItemMeta[];
  /** Number of ratings per item (popularity); replaced, not resized, when items are added. */
  counts: Int32Array;
  /** Mean rating per item (NaN when unrated and without a published rating). */
  means: Float64Array;
  private readonly index = new Map<string, number>();

  /** Creates a catalog from parallel arrays (ids, metadata, counts, means). */
  constructor(ids: string[], meta: ItemMeta[], counts: Int32Array, means: Float64Array) {
    this.ids = ids;
    this.meta = meta;
    this.counts = counts;
    this.means = means;
    ids.forEach((id, i) => this.index.set(id, i));
  }

  /** Builds the catalog of a dataset, counting ratings per item. */
  static fromDataset(ds: Dataset): Catalog {
    const n = ds.items.size;
    const counts = new Int32Array(n);
    const sums = new Float64Array(n);
    const { item, rating } = ds.interactions;
    for (let e = 0; e < item.length; e++) {
      counts[item[e]!]++;
      sums[item[e]!] += rating[e]!;
    }
    const means = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // Item-only datasets (anime.csv without rating.csv) still have a published community rating.
      const published = ds.itemMeta[i]?.numeric?.['rating'];
      means[i] = counts[i]! > 0 ? sums[i]! / counts[i]! : typeof published === 'number' ? published : NaN;
    }
    const meta = Array.from({ length: n }, (_, i) => ds.itemMeta[i] ?? {});
    return new Catalog(ds.items.toJSON(), meta, counts, means);
  }

  /** Appends a new, unrated item (its position is the old size). */
  add(id: string, meta: ItemMeta): number {
    const at = this.ids.length;
    this.ids.push(id);
    this.meta.push(meta);
    this.index.set(id, at);
    const counts = new Int32Array(at + 1);
    counts.set(this.counts);
    const means = new Float64Array(at + 1);
    means.set(this.means);
    const published = meta.numeric?.['rating'];
    means[at] = typeof published === 'number' ? published : NaN;
    this.counts = counts;
    this.means = means;
    return at;
  }

  /** Number of items. */
  get size(): number {
    return this.ids.length;
  }

  /** Catalog position of a raw id, or undefined. */
  indexOf(id: string): number | undefined {
    return this.index.get(id);
  }

  /** Whether the raw id is known. */
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Display title of an item (its id when the data has no title). */
  title(id: string): string {
    const i = this.index.get(id);
    return (i === undefined ? undefined : this.meta[i]?.title) ?? id;
  }

  /** API view of an item, or undefined when unknown. */
  info(id: string): ItemInfo | undefined {
    const i = this.index.get(id);
    if (i === undefined) return undefined;
    const m = this.meta[i]!;
    const mean = this.means[i]!;
    const out: ItemInfo = {
      item: id,
      title: m.title ?? id,
      genres: m.genres ?? [],
      ratings: this.counts[i]!,
      meanRating: Number.isFinite(mean) ? Math.round(mean * 100) / 100 : null,
    };
    if (m.type !== undefined) out.type = m.type;
    if (m.year !== undefined) out.year = m.year;
    return out;
  }
}
