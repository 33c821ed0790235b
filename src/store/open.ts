import type { Store } from './store.ts';
import { StoreError, redactUrl } from './errors.ts';

/** Store URL forms, for error messages and `--help`. */
export const STORE_URL_FORMS =
  'pglite://PATH (embedded), postgres://USER:PASS@HOST:PORT/DB, arangodb://USER:PASS@HOST:PORT/DB';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Create the schema when missing (default true). */
  init?: boolean;
}

/** Opens a store by URL scheme (`pglite://`, `postgres://`, `arangodb://`) and creates its schema. */
export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  let store: Store;
  // Adapters are imported on demand so PGlite's WebAssembly and arangojs load only when used.
  if (scheme === 'pglite') {
    store = await (await import('./pglite/pglite-store.ts')).openPGliteStore(url);
  } else if (scheme === 'postgres' || scheme === 'postgresql') {
    store = await (await import('./postgres/postgres-store.ts')).openPostgresStore(url);
  } else if (scheme === 'arangodb' || scheme === 'arangodb+http' || scheme === 'arangodb+https') {
    store = await (await import('./arangodb/arango-store.ts')).openArangoStore(url);
  } else {
    throw new StoreError(`unsupported store URL '${redactUrl(url)}': expected ${STORE_URL_FORMS}`);
  }
  if (opts.init ?? true) {
    try {
      await store.init();
    } catch (err) {
      await store.close().catch(() => {});
      throw err;
    }
  }
  return store;
}
