import type { ImportCounts, Store } from '../store/store.ts';
import { itemsOnly, toMeta } from './add-items.ts';
import type { NewItemInput } from './schemas/types.ts';

/** What `addItemsToStore` did: the import's counts, or the ids already stored (then nothing was written). */
export type StoreItemsResult = { added: ImportCounts['items'] } | { existing: string[] };

/**
 * Adds new items to a store without a running server (`gnnrec items add`; the library's path): refused as a whole
 * when any id is already stored, as `POST /api/items` does, else written in one transaction (the store's upserting
 * import). Serving replicas over the same PostgreSQL store pick them up within a poll (`followStore`).
 */
export async function addItemsToStore(
  store: Pick<Store, 'getItems' | 'importDataset'>,
  items: readonly NewItemInput[],
): Promise<StoreItemsResult> {
  const existing = (await store.getItems(items.map((it) => it.id))).map((it) => it.id);
  if (existing.length > 0) return { existing };
  const counts = await store.importDataset(itemsOnly(items, items.map(toMeta)));
  return { added: counts.items };
}
