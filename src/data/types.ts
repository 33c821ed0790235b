import type { IdMap } from './idmap.ts';
import type { Progress } from '../util/progress.ts';

/** Interactions as parallel typed arrays of dense indices (one entry per user–item event). */
export interface Interactions {
  /** Dense user index per interaction. */
  user: Int32Array;
  /** Dense item index per interaction. */
  item: Int32Array;
  /** Rating per interaction (1 for implicit data). */
  rating: Float32Array;
  /** Unix seconds per interaction, or null when the source has none. */
  timestamp: Float64Array | null;
}

/** Side information kept with an item (absent fields are unknown). */
export interface ItemMeta {
  title?: string;
  genres?: string[];
  /** Category such as TV, Movie, OVA (anime) — one-hot encoded by feature encoders. */
  type?: string;
  year?: number;
  /** Numeric fields by name; null marks a missing value (e.g. anime episodes = "Unknown"). */
  numeric?: Record<string, number | null>;
  /** Free-text tags (MovieLens tags.csv). */
  tags?: string[];
}

/** A loaded dataset: id maps, interactions and item metadata, in dense-index space. */
export interface Dataset {
  /** Short name, e.g. `ml-latest-small`. */
  name: string;
  /** Reader format that produced it (`movielens`, `anime`, `movies-dataset`, `lightgcn`, `csv`, `synthetic`). */
  format: string;
  users: IdMap;
  items: IdMap;
  /** All interactions (for provided splits: train followed by test). */
  interactions: Interactions;
  /** Metadata per dense item index (same length as `items.size`; entries may be empty). */
  itemMeta: ItemMeta[];
  /** Rating range when the data is explicit, e.g. [0.5, 5]; null for implicit data. */
  ratingRange: [number, number] | null;
  /** When the source ships its own split (LightGCN train.txt/test.txt), the interaction indices of each part. */
  providedSplit?: { train: Int32Array; test: Int32Array };
}

/** Options every reader accepts. */
export interface ReadOptions {
  /** Skip malformed rows (counted in `ReadReport.skipped`) instead of failing. */
  lenient?: boolean;
  /** Hears bytes read per file (stderr progress on a TTY in the CLI). */
  progress?: Progress;
  /** Longest line or CSV record accepted, in bytes (default 1 MiB: `DEFAULT_MAX_LINE_BYTES`). */
  maxLineBytes?: number;
}

/** What a reader did besides returning the dataset. */
export interface ReadReport {
  /**
   * Rows skipped, by reason: malformed rows in lenient mode, plus the documented drops made in every
   * mode (`unrated`, `unrated-item`, `metadata-bad-row`; see `SkipReason` in `readers/context.ts`).
   */
  skipped: Record<string, number>;
  /** Files read. */
  files: string[];
}
