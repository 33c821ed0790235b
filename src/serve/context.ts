import type { Store } from '../store/store.ts';
import type { Engine } from './engine.ts';
import type { ModelVersions } from './versions.ts';
import type { TitleSearch } from './search.ts';
import type { EdaResponse } from './schemas/types.ts';

/** What every route group needs: the engine, search index, EDA tables and (optionally) the store. */
export interface ServeContext {
  /** The serving version's engine; a reload replaces it, so routes read it per request. */
  engine: Engine;
  /** Loaded model versions: reload, rollback, watch. */
  versions?: ModelVersions;
  search: TitleSearch;
  eda: EdaResponse;
  /** Where new users' ratings are persisted; absent in store-less test setups. */
  store?: Pick<Store, 'addRatings'> & Partial<Pick<Store, 'importDataset'>>;
  /** Allowed rating range (the data's, else 0..10). */
  ratingRange: [number, number];
  /** Whether writes need a bearer token. */
  tokenRequired: boolean;
  /** Per-route rate limit of writes (requests per minute per client). */
  writeRateLimit: number;
  /** Whether the server takes traffic (false while it shuts down); `/api/ready` answers 503 otherwise. */
  ready: boolean;
  /** A warning the UI shows as a banner (e.g. the demo runs on made-up data). */
  notice?: string;
}
