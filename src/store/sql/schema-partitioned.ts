import { SCHEMA_SQL } from './schema.ts';

/** Hash partitions of `interactions` and `recommendations` on a PostgreSQL server. */
export const USER_PARTITIONS = 16;

/**
 * The PostgreSQL server's schema: `SCHEMA_SQL`'s tables and columns, with `interactions` and `recommendations`
 * declared `PARTITION BY HASH (user_id)` (native declarative partitioning) into `partitions` tables each. Every
 * unique key of both tables includes `user_id`, which is what a partitioned table — and a distributed one
 * (Citus's `create_distributed_table(…, 'user_id')`) — requires, so one user's history and lists always sit in
 * one partition (one shard) and a lookup by user touches one. The other tables come from `SCHEMA_SQL` alone: the two
 * partitioned statements run first (IF NOT EXISTS), so `SCHEMA_SQL` then only adds what is missing, and a store created
 * before partitioning keeps its plain tables (there is no in-place migration; `gnnrec import` into a fresh
 * database partitions). On the server `recommendations` has no foreign keys, as `interactions` has none anywhere
 * (schema.ts): at `recommend --all` scale (10⁷–10⁸ rows) the three per-row checks cost ≈ 8× the server CPU of the
 * write itself (bench/scale-write-back.ts, 400 k rows: 74 k rows per server CPU second with them, 555–645 k without),
 * and the only writer (`replaceRecommendations`) checks the model, users and items first in the same transaction.
 */
export function partitionedSchemaSql(partitions = USER_PARTITIONS): string {
  const parts = (table: string): string =>
    Array.from(
      { length: partitions },
      (_, r) =>
        `CREATE TABLE IF NOT EXISTS ${table}_p${r} PARTITION OF ${table} FOR VALUES WITH (MODULUS ${partitions}, REMAINDER ${r});`,
    ).join('\n');
  return `
CREATE TABLE IF NOT EXISTS interactions (
  user_id text COLLATE "C" NOT NULL,
  item_id text COLLATE "C" NOT NULL,
  rating real NOT NULL,
  ts bigint,
  seq bigint NOT NULL,
  PRIMARY KEY (user_id, item_id)
) PARTITION BY HASH (user_id);
${parts('interactions')}
CREATE TABLE IF NOT EXISTS recommendations (
  model_id text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  item_id text COLLATE "C" NOT NULL,
  score real NOT NULL,
  rank int NOT NULL,
  PRIMARY KEY (model_id, user_id, rank)
) PARTITION BY HASH (user_id);
${parts('recommendations')}
${SCHEMA_SQL}`;
}
