import type { Dataset } from '../data/types.ts';
import type { IdMap } from '../data/idmap.ts';

/** One rating of a user's history, by raw item id. */
export interface Rated {
  item: string;
  rating: number;
}

/**
 * Every user's ratings by raw ids: filters seen items and supplies "because you liked" candidates.
 *
 * The dataset's ratings are held column-wise (user offsets, item indices, ratings: three typed arrays), so a served
 * catalogue of 10⁷ ratings is three allocations that the garbage collector never walks, where one object per rating
 * made every scavenge and full collection trace them (the GET tail at 500 k items). Users who rate while serving are
 * copied into an overlay of plain lists on their first change.
 */
export class History {
  /** Ratings of users changed while serving (their dataset ratings copied in first). */
  private readonly live = new Map<string, Rated[]>();

  private constructor(
    private readonly users: IdMap,
    /** Users of the columns: dataset users with an index below this have a row. */
    private readonly rows: number,
    /** Row `u`'s entries are `[offsets[u], offsets[u + 1])`. */
    private readonly offsets: Int32Array,
    private readonly items: Int32Array,
    private readonly ratings: Float32Array,
    private readonly itemIds: readonly string[],
  ) {}

  /** Collects each user's ratings from a dataset, in the dataset's order within a user. */
  static fromDataset(ds: Dataset): History {
    const { user, item, rating } = ds.interactions;
    const rows = ds.users.size;
    const offsets = new Int32Array(rows + 1);
    for (let e = 0; e < user.length; e++) offsets[user[e]! + 1]!++;
    for (let u = 0; u < rows; u++) offsets[u + 1]! += offsets[u]!;
    const fill = offsets.slice(0, rows);
    const items = new Int32Array(user.length);
    const ratings = new Float32Array(user.length);
    // A counting sort by user keeps each user's events in dataset order (the order `get` has always returned).
    for (let e = 0; e < user.length; e++) {
      const at = fill[user[e]!]!++;
      items[at] = item[e]!;
      ratings[at] = rating[e]!;
    }
    return new History(ds.users, rows, offsets, items, ratings, ds.items.toJSON());
  }

  /** The user's row in the columns, or -1 when they have none (unknown, or without ratings). */
  private row(user: string): number {
    const u = this.users.get(user);
    return u !== undefined && u < this.rows && this.offsets[u + 1]! > this.offsets[u]! ? u : -1;
  }

  /** Whether the user exists. */
  has(user: string): boolean {
    return this.live.has(user) || this.row(user) >= 0;
  }

  /** The user's ratings (empty when unknown); a fresh list per call for dataset users. */
  get(user: string): readonly Rated[] {
    const held = this.live.get(user);
    if (held) return held;
    const u = this.row(user);
    if (u < 0) return [];
    const out: Rated[] = [];
    for (let p = this.offsets[u]!; p < this.offsets[u + 1]!; p++)
      out.push({ item: this.itemIds[this.items[p]!]!, rating: this.ratings[p]! });
    return out;
  }

  /** The user's rating of an item (without reading their whole list into objects), or undefined when unrated. */
  rating(user: string, item: string): number | undefined {
    const held = this.live.get(user);
    if (held) return held.find((r) => r.item === item)?.rating;
    const u = this.row(user);
    if (u >= 0)
      for (let p = this.offsets[u]!; p < this.offsets[u + 1]!; p++)
        if (this.itemIds[this.items[p]!] === item) return this.ratings[p]!;
    return undefined;
  }

  /** Sets or extends a user's ratings (a re-rated item keeps its latest rating). */
  add(user: string, ratings: readonly Rated[]): void {
    let list = this.live.get(user);
    if (!list) this.live.set(user, (list = [...this.get(user)]));
    for (const r of ratings) {
      const at = list.findIndex((x) => x.item === r.item);
      if (at >= 0) list[at] = { ...r };
      else list.push({ ...r });
    }
  }

  /** The user's ratings, best first (stable for equal ratings). */
  top(user: string, n: number): Rated[] {
    return [...this.get(user)].sort((a, b) => b.rating - a.rating).slice(0, n);
  }
}
