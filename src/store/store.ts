import type { Dataset, ItemMeta } from '../data/types.ts';
import type { Progress } from '../util/progress.ts';

/** How many rows one upsert created, changed, or found identical. */
export interface UpsertCount {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What `importDataset` did, per table. */
export interface ImportCounts {
  users: UpsertCount;
  items: UpsertCount;
  interactions: UpsertCount;
}

/** Options of `importDataset`. */
export interface ImportOptions {
  /** Rows per round-trip (default 10 000). */
  batchSize?: number;
  /** Reports rows written per phase (`users`, `items`, `interactions`). */
  progress?: Progress;
}

/** Row counts of every table (or collection). */
export interface StoreCounts {
  users: number;
  items: number;
  interactions: number;
  models: number;
  recommendations: number;
}

/** One rating given by a user during onboarding. */
export interface NewRating {
  itemId: string;
  rating: number;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

/** One stored rating of a user. */
export interface StoredRating {
  itemId: string;
  rating: number;
  /** Unix seconds, or null when unknown. */
  timestamp: number | null;
}

/** An item as the store keeps it. */
export interface StoredItem {
  id: string;
  title: string | null;
  meta: ItemMeta;
}

/** A model registry row. */
export interface ModelRecord {
  id: string;
  kind: string;
  config: Record<string, unknown>;
  metrics: Record<string, unknown>;
  /** ISO-8601 time of the first upsert. */
  createdAt?: string;
}

/** One recommended item for one user under one model. */
export interface RecommendationRow {
  userId: string;
  itemId: string;
  score: number;
  /** 1-based position in the user's list. */
  rank: number;
}

/**
 * Top-K lists of many users as columns, no object per row (issue 23: 4·10⁷ rows at 10⁸ interactions): slot p of row
 * r (`items[r·k + p]`, −1 = empty, empties last) is rank p + 1 of user `userIds[r]`, an index into `itemIds`.
 */
export interface RecommendationLists {
  k: number;
  userIds: readonly string[];
  itemIds: readonly string[];
  items: Int32Array;
  scores: Float32Array;
}

/** Options of `writeRecommendations`. */
export interface WriteRecommendationsOptions {
  /** Replace only these users' rows (default: replace every row of the model). */
  users?: readonly string[];
}

/** What `writeRecommendations` did. */
export interface WriteRecommendationsResult {
  deleted: number;
  inserted: number;
}

/**
 * A graph store: users, items and their interactions in, the training graph out, and
 * models and recommendations written back. Every write is one transaction.
 */
export interface Store {
  /** URL the store was opened with (password removed). */
  readonly url: string;
  /** Creates the schema (tables, indices / collections, graph) when missing; idempotent. */
  init(): Promise<void>;
  /** Upserts a dataset in batches inside one transaction: re-importing changes nothing, a changed rating updates. */
  importDataset(ds: Dataset, opts?: ImportOptions): Promise<ImportCounts>;
  /** Reads the whole graph back, users, items and interactions in import order (see notes/issue-5.md). */
  readGraph(opts?: { progress?: Progress }): Promise<Dataset>;
  /** Upserts one user's ratings (creating the user) in one transaction; unknown items are an error. */
  addRatings(userId: string, ratings: readonly NewRating[]): Promise<UpsertCount>;
  /** One user's ratings in import order (empty when the user is unknown). */
  getRatings(userId: string): Promise<StoredRating[]>;
  /**
   * Ratings whose timestamp is at or after `since` (Unix seconds): what other processes wrote lately, so serving
   * replicas can follow each other (issue 20). Optional: stores without it are not followed.
   */
  ratingsSince?(since: number): Promise<Array<StoredRating & { userId: string }>>;
  /**
   * Items whose import position (`seq`) is at or after `from`, in import order: items other processes added lately,
   * so serving replicas can follow them (issue 20). Optional: stores without it are not followed.
   */
  itemsFrom?(from: number): Promise<Array<StoredItem & { seq: number }>>;
  /** Creates or replaces a model registry row (its creation time is kept). */
  upsertModel(model: ModelRecord): Promise<void>;
  /** A model registry row, or undefined. */
  getModel(id: string): Promise<ModelRecord | undefined>;
  /** Replaces a model's recommendations (all, or only `opts.users`') in one transaction. */
  writeRecommendations(
    modelId: string,
    rows: readonly RecommendationRow[],
    opts?: WriteRecommendationsOptions,
  ): Promise<WriteRecommendationsResult>;
  /** `writeRecommendations` of every listed user's list, replacing all the model's rows (optional: SQL stores). */
  writeRecommendationLists?(modelId: string, lists: RecommendationLists): Promise<WriteRecommendationsResult>;
  /** The first `k` stored recommendations of a user under a model, by rank. */
  getRecommendations(modelId: string, userId: string, k: number): Promise<RecommendationRow[]>;
  /** Items by id, in the order asked; unknown ids are left out. */
  getItems(ids: readonly string[]): Promise<StoredItem[]>;
  /** Every item's id and title, in import order (for title search in memory). */
  listItems(): Promise<Array<{ id: string; title: string | null }>>;
  /** Row counts of every table. */
  counts(): Promise<StoreCounts>;
  /** Deletes every row (the schema stays). */
  clear(): Promise<void>;
  /** Releases connections / closes the embedded database. */
  close(): Promise<void>;
}
