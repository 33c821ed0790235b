// The PostgreSQL server's schema is partitioned by user (issue 23): same columns as the embedded store's, hash
// partitions that a lookup by user prunes to one, and rows of a synthetic dataset spread over them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../src/data/load.ts';
import { synthesize } from '../src/data/synth/generate.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { USER_PARTITIONS, partitionedSchemaSql } from '../src/store/sql/schema-partitioned.ts';
import { SCHEMA_SQL } from '../src/store/sql/schema.ts';
import { routeUsers } from '../src/store/sql/partition-route.ts';
import { openPg } from '../src/store/postgres/pg-client.ts';
import type { SqlClient } from '../src/store/sql/client.ts';
import { queryOnce as sql, usePostgres } from './store-postgres.ts';

const pgs = usePostgres('gnnrec-part-');

test('interactions and recommendations are hash-partitioned by user; lookups by user touch one partition', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  const url = await pgs.server.createDatabase('parts');
  const store: Store = await openStore(url);
  try {
    synthesize({ users: 400, items: 300, interactions: 8000, out: pgs.dir, seed: 2, format: 'csv' });
    const ds = await loadDataset(pgs.dir);
    const counts = await store.importDataset(ds);
    assert.equal(counts.interactions.inserted, 8000);
    await store.upsertModel({ id: 'm', kind: 'popular', config: {}, metrics: {} });
    const rows = ds.users
      .toJSON()
      .map((u, k) => ({ userId: u, itemId: ds.items.raw(k % ds.items.size), score: 1, rank: 1 }));
    await store.writeRecommendations('m', rows);

    const parted = await sql<{ table: string; strategy: string; key: string; parts: number }>(
      url,
      `SELECT c.relname AS table, p.partstrat AS strategy, pg_get_partkeydef(c.oid) AS key,
              (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid) AS parts
       FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1`,
    );
    assert.deepEqual(parted, [
      { table: 'interactions', strategy: 'h', key: 'HASH (user_id)', parts: USER_PARTITIONS },
      { table: 'recommendations', strategy: 'h', key: 'HASH (user_id)', parts: USER_PARTITIONS },
    ]);
    // 400 users over 16 partitions: every partition holds some, none holds most.
    const spread = await sql<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM interactions GROUP BY tableoid`,
    );
    assert.equal(spread.length, USER_PARTITIONS);
    assert.ok(Math.max(...spread.map((r) => r.n)) < 8000 / 4);
    const plan = await sql<{ 'QUERY PLAN': string }>(
      url,
      `EXPLAIN SELECT * FROM interactions WHERE user_id = '7'`,
    );
    const scanned =
      plan
        .map((r) => r['QUERY PLAN'])
        .join('\n')
        .match(/interactions_p\d+/g) ?? [];
    assert.equal(new Set(scanned).size, 1, plan.map((r) => r['QUERY PLAN']).join('\n'));
    assert.equal((await store.getRatings(ds.users.raw(7))).length > 0, true);
    assert.equal((await store.getRecommendations('m', ds.users.raw(7), 5)).length, 1);
  } finally {
    await store.close();
  }
});

test('the partitioned schema has exactly the embedded store’s tables and columns', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  const url = await pgs.server.createDatabase('columns');
  const store = await openStore(url);
  await store.close();
  const lite = await openStore('pglite://:memory:');
  await lite.close();
  const q = `SELECT table_name AS t, column_name AS c, data_type AS d, is_nullable AS n FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name NOT LIKE '%\\_p%' ORDER BY 1, 2`;
  const server_cols = await sql<Record<string, string>>(url, q);
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite();
  await db.exec(SCHEMA_SQL);
  const lite_cols = (await db.query<Record<string, string>>(q)).rows;
  await db.close();
  assert.ok(server_cols.length >= 20);
  assert.deepEqual(server_cols, lite_cols);
});

/** Each id's partition as the server files a row of it (through the parent), by the partition's printed name. */
async function serverRoutes(db: SqlClient, ids: string[]): Promise<Map<string, string>> {
  await db.query(
    `INSERT INTO interactions (user_id, item_id, rating, seq) SELECT x, 'i', 1, o FROM unnest($1::text[]) WITH ORDINALITY AS u(x, o)`,
    [ids],
  );
  const rows = await db.query<{ u: string; p: string }>(
    `SELECT user_id AS u, tableoid::regclass::text AS p FROM interactions`,
  );
  return new Map(rows.map((r) => [r.u, r.p]));
}

test('the client computes the partition the server files each user into (16, 5 and mixed moduli; none unpartitioned)', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  // Short, long, numeric-looking, escaped and non-ASCII ids: the hash is over the id's UTF-8 bytes.
  const ids = Array.from({ length: 3000 }, (_, u) =>
    u % 7 === 0 ? `ü-${u}\tß${'x'.repeat(u % 97)}` : u % 5 === 0 ? `user:${u * 7919}` : String(u),
  );
  const layouts: Array<[string, string]> = [
    ['p16', partitionedSchemaSql(16)],
    ['p5', partitionedSchemaSql(5)],
    [
      'mixed',
      `CREATE TABLE interactions (user_id text COLLATE "C" NOT NULL, item_id text NOT NULL, rating real NOT NULL,
         ts bigint, seq bigint NOT NULL) PARTITION BY HASH (user_id);
       CREATE TABLE "Odd Half" PARTITION OF interactions FOR VALUES WITH (MODULUS 2, REMAINDER 0);
       CREATE TABLE q1 PARTITION OF interactions FOR VALUES WITH (MODULUS 4, REMAINDER 1);
       CREATE TABLE q3 PARTITION OF interactions FOR VALUES WITH (MODULUS 4, REMAINDER 3);`,
    ],
  ];
  for (const [name, ddl] of layouts) {
    const db = await openPg(await pgs.server.createDatabase(`route_${name}`));
    try {
      await db.exec(ddl);
      const route = await db.transaction((tx) => routeUsers(tx, 'interactions', ids));
      assert.ok(route !== null, name);
      const actual = await serverRoutes(db, ids);
      const wrong = ids.filter((id, u) => route.partitions[route.of[u]!] !== actual.get(id));
      assert.deepEqual(wrong, [], name);
      assert.equal(new Set(actual.values()).size, route.partitions.length, name);
    } finally {
      await db.close();
    }
  }
  const plain = await openPg(await pgs.server.createDatabase('route_plain'));
  try {
    await plain.exec(SCHEMA_SQL);
    assert.equal(await plain.transaction((tx) => routeUsers(tx, 'interactions', ids)), null);
  } finally {
    await plain.close();
  }
});
