import type { Dataset } from '../data/types.ts';

/** One rating of a user's history, by raw item id. */
export interface Rated {
  item: string;
  rating: number;
}

/** Every user's ratings by raw ids: filters seen items and supplies "because you liked" candidates. */
export class History {
  private readonly byUser = new Map<string, Rated[]>();

  /** Collects each user's ratings from a dataset. */
  static fromDataset(ds: Dataset): History {
    const h = new History();
    const { user, item, rating } = ds.interactions;
    const users = ds.users.toJSON();
    const items = ds.items.toJSON();
    for (let e = 0; e < user.length; e++) {
      const u = users[user[e]!]!;
      let list = h.byUser.get(u);
      if (!list) h.byUser.set(u, (list = []));
      list.push({ item: items[item[e]!]!, rating: rating[e]! });
    }
    return h;
  }

  /** Whether the user exists. */
  has(user: string): boolean {
    return this.byUser.has(user);
  }

  /** The user's ratings (empty when unknown). */
  get(user: string): readonly Rated[] {
    return this.byUser.get(user) ?? [];
  }

  /** Sets or extends a user's ratings (a re-rated item keeps its latest rating). */
  add(user: string, ratings: readonly Rated[]): void {
    const list = this.byUser.get(user) ?? [];
    for (const r of ratings) {
      const at = list.findIndex((x) => x.item === r.item);
      if (at >= 0) list[at] = { ...r };
      else list.push({ ...r });
    }
    this.byUser.set(user, list);
  }

  /** The user's ratings, best first (stable for equal ratings). */
  top(user: string, n: number): Rated[] {
    return [...this.get(user)].sort((a, b) => b.rating - a.rating).slice(0, n);
  }

  /** Number of users. */
  get size(): number {
    return this.byUser.size;
  }
}
