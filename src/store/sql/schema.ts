/**
 * Schema shared by the PGlite and PostgreSQL adapters (docs/ARCHITECTURE.md, "Store schema").
 * Additions to the documented columns: `seq` on users, items and interactions records import
 * order, so `readGraph` returns the dataset in the order it came in (training from the store then
 * equals training from the file); `meta` keeps the dataset's name, format and rating range, and the next free
 * interaction `seq` (seq.ts). `seq` has no index: `readGraph` scans the table and orders by `seq` itself (read.ts),
 * and its build cost a 10⁷-row import ≈ 4 of its 25 server CPU s (stores created before keep theirs, unused).
 * `interactions` has no foreign keys: per-row FK checks more than doubled bulk-import time, and the
 * only writers (`importRows`, `upsertUserRatings`) upsert or check users and items first in the
 * same transaction. `recommendations` (small) keeps its foreign keys.
 * Ids are `COLLATE "C"`: they are opaque keys, and byte-wise comparison keeps primary-key inserts
 * fast whatever locale the server's database was created with.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS users (
  id text COLLATE "C" PRIMARY KEY,
  attrs jsonb,
  seq bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
  id text COLLATE "C" PRIMARY KEY,
  title text,
  attrs jsonb,
  seq bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS interactions (
  user_id text COLLATE "C" NOT NULL,
  item_id text COLLATE "C" NOT NULL,
  rating real NOT NULL,
  ts bigint,
  seq bigint NOT NULL,
  PRIMARY KEY (user_id, item_id)
);
CREATE TABLE IF NOT EXISTS models (
  id text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL,
  config jsonb NOT NULL,
  metrics jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS recommendations (
  model_id text COLLATE "C" NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  user_id text COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  item_id text COLLATE "C" NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  score real NOT NULL,
  rank int NOT NULL,
  PRIMARY KEY (model_id, user_id, rank)
);
CREATE TABLE IF NOT EXISTS meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
`;

/** Empties every table, children first (one statement, so it is atomic). */
export const CLEAR_SQL = 'TRUNCATE recommendations, models, interactions, items, users, meta';
