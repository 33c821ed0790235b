// Issue 23's bulk loads on a real PostgreSQL server: a COPY into an empty `interactions`, and a write-back that
// replaces the only model's lists, drop the table's keys and build them after the load in the same transaction.
// The keys come back exactly as the schema declares them; another model's few lists are set aside around the TRUNCATE
// and written back, a model beside more other rows than it writes takes the row-by-row DELETE path (no TRUNCATE), and
// a duplicate found by the rebuilt key rolls everything back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { openPg } from '../src/store/postgres/pg-client.ts';
import { openStore } from '../src/store/open.ts';
import { partitionedSchemaSql } from '../src/store/sql/schema-partitioned.ts';
import { replaceRecommendations } from '../src/store/sql/recommendations.ts';
import type { SqlClient, SqlQueryable } from '../src/store/sql/client.ts';
import type { RecommendationRow } from '../src/store/store.ts';
import { usePostgres } from './store-postgres.ts';

const pgs = usePostgres('gnnrec-bulk-keys-');

/** Every index of the two partitioned tables and their partitions, as the server prints them. */
async function indexes(db: SqlQueryable): Promise<string[]> {
  const rows = await db.query<{ t: string; i: string; d: string }>(
    `SELECT tablename AS t, indexname AS i, indexdef AS d FROM pg_indexes
     WHERE tablename LIKE 'interactions%' OR tablename LIKE 'recommendations%' ORDER BY 1, 2`,
  );
  return rows.map((r) => `${r.t} ${r.i} ${r.d}`);
}

test('a COPY into an empty interactions table rebuilds exactly the declared keys', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  const url = await pgs.server.createDatabase('bulk_import');
  const db = await openPg(url);
  try {
    await db.exec(partitionedSchemaSql());
    const declared = await indexes(db);
    // The parent's primary key + one per partition (no `seq` index since stop 22: readGraph orders by seq itself).
    assert.equal(declared.filter((d) => d.startsWith('interactions')).length, 1 + 16);
    const lines = ['userId,movieId,rating,timestamp'];
    for (let u = 0; u < 300; u++)
      for (let k = 0; k < 12; k++) lines.push(`${u},${(u * 7 + k * 13) % 97},${1 + (k % 5)},${1000 + k}`);
    const csv = join(pgs.dir, 'ratings.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    const store = await openStore(url);
    try {
      const counts = await store.importDataset(await loadDataset(csv));
      assert.equal(counts.interactions.inserted, 3600);
    } finally {
      await store.close();
    }
    assert.deepEqual(await indexes(db), declared);
    const [n] = await db.query<{ n: number; seqs: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT seq)::int AS seqs FROM interactions`,
    );
    assert.deepEqual(n, { n: 3600, seqs: 3600 });
    // The rebuilt primary key is enforced again.
    await assert.rejects(
      db.query(`INSERT INTO interactions (user_id, item_id, rating, seq) VALUES ('0', '0', 1, 99999)`),
      /duplicate key/,
    );
  } finally {
    await db.close();
  }
});

/** `tx` recording the statements it runs. */
function recording(tx: SqlQueryable, log: string[]): SqlQueryable {
  return {
    query: (text, params) => {
      log.push(text);
      return tx.query(text, params);
    },
    copyFrom: (sql, chunks) => tx.copyFrom!(sql, chunks),
  };
}

function lists(users: string[], items: string[], shift: number): RecommendationRow[] {
  return users.flatMap((u, r) =>
    Array.from({ length: 5 }, (_, p) => ({
      userId: u,
      itemId: items[(r * 3 + p + shift) % items.length]!,
      score: 1 / (p + 1),
      rank: p + 1,
    })),
  );
}

async function write(db: SqlClient, model: string, rows: RecommendationRow[], log: string[]) {
  return db.transaction((tx) => replaceRecommendations(recording(tx, log), model, rows));
}

test('write-back rebuilds the key, sets a small model aside, and keeps the DELETE path beside a big one', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  const url = await pgs.server.createDatabase('bulk_write_back');
  const db = await openPg(url);
  try {
    await db.exec(partitionedSchemaSql());
    const declared = await indexes(db);
    const users = Array.from({ length: 400 }, (_, r) => `u${r}`);
    const items = Array.from({ length: 50 }, (_, i) => `i${i}`);
    await db.query(
      `INSERT INTO users (id, seq) SELECT x, o FROM unnest($1::text[]) WITH ORDINALITY AS u(x, o)`,
      [users],
    );
    await db.query(
      `INSERT INTO items (id, seq) SELECT x, o FROM unnest($1::text[]) WITH ORDINALITY AS u(x, o)`,
      [items],
    );
    await db.query(
      `INSERT INTO models (id, kind, config, metrics) VALUES ('a', 'x', '{}', '{}'), ('b', 'x', '{}', '{}')`,
    );
    const log: string[] = [];
    assert.deepEqual(await write(db, 'a', lists(users, items, 0), log), { deleted: 0, inserted: 2000 });
    assert.deepEqual(await write(db, 'a', lists(users, items, 1), log), { deleted: 2000, inserted: 2000 });
    assert.equal(log.filter((q) => q.startsWith('TRUNCATE')).length, 2, 'the only model takes the bulk path');
    assert.deepEqual(await indexes(db), declared);
    const [first] = await db.query<{ item_id: string }>(
      `SELECT item_id FROM recommendations WHERE model_id = 'a' AND user_id = 'u2' AND rank = 1`,
    );
    assert.equal(first!.item_id, 'i7');

    log.length = 0;
    assert.deepEqual(await write(db, 'b', lists(users.slice(0, 10), items, 2), log), {
      deleted: 0,
      inserted: 50,
    });
    assert.equal(
      log.filter((q) => q.startsWith('TRUNCATE')).length,
      0,
      'a small model beside a big one: DELETE',
    );
    assert.deepEqual(await write(db, 'a', lists(users, items, 3), log), { deleted: 2000, inserted: 2000 });
    assert.equal(log.filter((q) => q.startsWith('TRUNCATE')).length, 1, "b's few rows set aside: TRUNCATE");
    assert.deepEqual(await write(db, 'b', lists(users.slice(0, 10), items, 5), log), {
      deleted: 50,
      inserted: 50,
    });
    assert.equal(log.filter((q) => q.startsWith('TRUNCATE')).length, 1, 'b rewritten beside a: DELETE path');
    assert.deepEqual(await indexes(db), declared);
    const per = await db.query<{ m: string; n: number; first: string }>(
      `SELECT model_id AS m, count(*)::int AS n, min(item_id) FILTER (WHERE user_id = 'u2' AND rank = 1) AS first
       FROM recommendations GROUP BY 1 ORDER BY 1`,
    );
    assert.deepEqual(
      per.map((r) => [r.m, r.n, r.first]),
      [
        ['a', 2000, 'i9'],
        ['b', 50, 'i11'],
      ],
    );

    // A duplicate (user, rank) beside b's set-aside rows: found by the rebuilt key, and the TRUNCATE rolls back.
    const dup = lists(users, items, 4);
    dup.push({ ...dup[7]!, itemId: 'i0' });
    await assert.rejects(write(db, 'a', dup, log), /duplicate key in recommendations.*\(a, u1, 3\)/);
    const [kept] = await db.query<{ n: number; item: string; b: number }>(
      `SELECT count(*) FILTER (WHERE model_id = 'a')::int AS n,
              min(item_id) FILTER (WHERE model_id = 'a' AND user_id = 'u2' AND rank = 1) AS item,
              count(*) FILTER (WHERE model_id = 'b')::int AS b
       FROM recommendations`,
    );
    assert.deepEqual(kept, { n: 2000, item: 'i9', b: 50 });
    assert.deepEqual(await indexes(db), declared);
  } finally {
    await db.close();
  }
});
