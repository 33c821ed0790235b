import type { Store } from '../store.ts';
import { StoreError } from '../errors.ts';

/** Opens an ArangoDB store (placeholder while the adapter is written). */
export async function openArangoStore(url: string): Promise<Store> {
  throw new StoreError(`ArangoDB adapter not ready: ${url}`);
}
