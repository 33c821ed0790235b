// A partitioned gnnrec schema on a PostgreSQL server with `users` and `items` numbered 0..n-1: the starting point of
// the write-back benchmark (bench/scale-write-back.ts), whose lists refer to those ids.
import { openPg } from '../src/store/postgres/pg-client.ts';
import type { SqlClient } from '../src/store/sql/client.ts';
import { partitionedSchemaSql } from '../src/store/sql/schema-partitioned.ts';

/** Opens the database at `url`, creates the partitioned schema and inserts `users` users and `items` items. */
export async function openSeededCatalogue(url: string, users: number, items: number): Promise<SqlClient> {
  const db = await openPg(url);
  await db.exec(partitionedSchemaSql());
  await db.query(`INSERT INTO users (id, seq) SELECT g::text, g FROM generate_series(0, $1::int - 1) g`, [
    users,
  ]);
  await db.query(`INSERT INTO items (id, seq) SELECT g::text, g FROM generate_series(0, $1::int - 1) g`, [
    items,
  ]);
  return db;
}
