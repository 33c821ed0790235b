import { IdMap } from '../data/idmap.ts';
import type { Dataset, ItemMeta } from '../data/types.ts';
import type { ServeContext } from './context.ts';
import { HttpError } from './http-errors.ts';
import { storeWrite } from './ratings-input.ts';
import type { ItemInfo, NewItemInput } from './schemas/types.ts';

/**
 * Adds items while serving: stored first (one transaction: a store that refuses them leaves the server unchanged),
 * then appended to the catalogue and the search index, and handed to the engine, which recommends them through
 * their content from the next request on. Ids already known are a 409; the whole batch is refused then.
 */
export async function addItems(ctx: ServeContext, input: readonly NewItemInput[]): Promise<ItemInfo[]> {
  const seen = new Set<string>();
  for (const it of input) {
    if (ctx.engine.catalog.has(it.id)) throw new HttpError(409, `items: item '${it.id}' already exists`);
    if (seen.has(it.id)) throw new HttpError(400, `items: item '${it.id}' is listed twice`);
    seen.add(it.id);
  }
  const metas = input.map(toMeta);
  if (ctx.store) {
    if (!ctx.store.importDataset) throw new HttpError(503, 'this store cannot add items');
    const store = ctx.store;
    await storeWrite(() => store.importDataset!(itemsOnly(input, metas)));
  }
  const added = input.map((it, n) => ({ id: it.id, meta: metas[n]! }));
  applyItems(ctx, added);
  return input.map((it) => ctx.engine.catalog.info(it.id)!);
}

/**
 * Makes already stored items servable: appended to the catalogue and the search index, and handed to the engine
 * (content-based recommendation from the next request on). `addItems` and the replica follower share it.
 */
export function applyItems(ctx: ServeContext, items: ReadonlyArray<{ id: string; meta: ItemMeta }>): void {
  if (items.length === 0) return;
  for (const it of items) {
    ctx.engine.catalog.add(it.id, it.meta);
    ctx.search.add(ctx.engine.catalog.title(it.id));
  }
  ctx.engine.addItems(items);
}

/** An item's catalogue metadata from its API shape. */
export function toMeta(it: NewItemInput): ItemMeta {
  const meta: ItemMeta = { title: it.title };
  if (it.genres) meta.genres = it.genres;
  if (it.year !== undefined) meta.year = it.year;
  if (it.type !== undefined) meta.type = it.type;
  if (it.numeric) meta.numeric = it.numeric;
  return meta;
}

/** A dataset of the new items alone (no users, no ratings): what the store's upserting import takes. */
export function itemsOnly(input: readonly NewItemInput[], metas: ItemMeta[]): Dataset {
  return {
    name: 'api-items',
    format: 'api',
    users: IdMap.fromJSON([]),
    items: IdMap.fromJSON(input.map((it) => it.id)),
    interactions: {
      user: new Int32Array(0),
      item: new Int32Array(0),
      rating: new Float32Array(0),
      timestamp: null,
    },
    itemMeta: metas,
    ratingRange: null,
  };
}
