// The PostgreSQL server's schema is partitioned by user (issue 23): same columns as the embedded store's, hash
// partitions that a lookup by user prunes to one, and rows of a synthetic dataset spread over them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { loadDataset } from '../src/data/load.ts';
import { synthesize } from '../src/data/synth/generate.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { USER_PARTITIONS } from '../src/store/sql/schema-partitioned.ts';
import { usePostgres } from './store-postgres.ts';

const pgs = usePostgres('gnnrec-part-');

async function sql<R>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as R[];
  } finally {
    await c.end();
  }
}

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
  const { SCHEMA_SQL } = await import('../src/store/sql/schema.ts');
  await db.exec(SCHEMA_SQL);
  const lite_cols = (await db.query<Record<string, string>>(q)).rows;
  await db.close();
  assert.ok(server_cols.length >= 20);
  assert.deepEqual(server_cols, lite_cols);
});
