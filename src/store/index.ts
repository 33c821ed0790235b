// Public surface of the store module.
export type {
  Store,
  ImportCounts,
  ImportOptions,
  UpsertCount,
  StoreCounts,
  NewRating,
  StoredRating,
  StoredItem,
  ModelRecord,
  RecommendationRow,
  WriteRecommendationsOptions,
  WriteRecommendationsResult,
} from './store.ts';
export { openStore, STORE_URL_FORMS } from './open.ts';
export type { OpenStoreOptions } from './open.ts';
export { StoreError } from './errors.ts';
export { defaultPGlitePath } from './pglite/pglite-store.ts';
