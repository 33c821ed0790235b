// readGraph on the PostgreSQL server gives the interactions back in import order although the table has no index on
// `seq` and is read by a plain scan (issue 23): the scan returns each partition's rows in turn, so with users
// interleaved over the partitions the scan order is far from the import order, and only the client's ordering by
// `seq` (read.ts) restores it — with gaps and repeated `seq` values too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { USER_PARTITIONS } from '../src/store/sql/schema-partitioned.ts';
import { interactionKeyOrder } from '../src/store/sql/key-order.ts';
import { datasetView, handDataset, type Edge } from './store-fixtures.ts';
import { queryOnce as sql, usePostgres } from './store-postgres.ts';

const pgs = usePostgres('gnnrec-order-');

/** 300 users × 12 items each, in a seeded shuffled order: consecutive rows belong to different users (partitions). */
function interleaved(): Edge[] {
  const edges: Edge[] = [];
  for (let u = 0; u < 300; u++)
    for (let j = 0; j < 12; j++)
      edges.push([`user ${u}`, `item-${(u * 7 + j * 13) % 97}`, 1 + ((u + j) % 9) / 2]);
  let s = 12345;
  for (let k = edges.length - 1; k > 0; k--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const r = s % (k + 1);
    [edges[k], edges[r]] = [edges[r]!, edges[k]!];
  }
  return edges;
}

test('readGraph returns the import order over many partitions with interleaved users, gaps and repeats', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  const url = await pgs.server.createDatabase('order');
  const store: Store = await openStore(url);
  try {
    const edges = interleaved();
    const ds = handDataset(edges);
    assert.deepEqual((await store.importDataset(ds)).interactions, {
      inserted: 3600,
      updated: 0,
      unchanged: 0,
    });

    // The premise: every partition holds rows, the import order jumps between them, and a plain scan (what
    // readGraph reads) is not in import order — returning the scan order would fail the comparisons below.
    const parts = await sql<{ seq: string; part: string }>(
      url,
      'SELECT seq, tableoid::regclass::text AS part FROM interactions ORDER BY seq',
    );
    assert.equal(new Set(parts.map((p) => p.part)).size, USER_PARTITIONS);
    let jumps = 0;
    for (let k = 1; k < parts.length; k++) if (parts[k]!.part !== parts[k - 1]!.part) jumps++;
    assert.ok(jumps > parts.length * 0.8, `${jumps} partition changes in ${parts.length} rows`);
    const scan = (await sql<{ seq: string }>(url, 'SELECT seq FROM interactions')).map((r) => Number(r.seq));
    assert.notDeepEqual(
      scan,
      scan.slice().sort((a, b) => a - b),
    );
    // Each partition's rows arrived in primary-key order (so its key's build sorted presorted input).
    for (const part of ['interactions_p0', 'interactions_p7']) {
      const heap = await sql<{ user_id: string; item_id: string }>(
        url,
        `SELECT user_id, item_id FROM ${part}`,
      );
      const sorted = await sql<{ user_id: string; item_id: string }>(
        url,
        `SELECT user_id, item_id FROM ${part} ORDER BY user_id, item_id`,
      );
      assert.ok(heap.length > 100);
      assert.deepEqual(heap, sorted);
    }
    // Only the primary key is left to build after a bulk load.
    const indexes = await sql<{ name: string }>(
      url,
      `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'interactions' ORDER BY 1`,
    );
    assert.deepEqual(
      indexes.map((r) => r.name),
      ['interactions_pkey'],
    );

    assert.deepEqual(datasetView(await store.readGraph()), datasetView(ds));

    // A changed rating keeps its place and leaves a reserved `seq` unused (a gap); new users' rows follow in order.
    await store.addRatings('user 5', [
      { itemId: edges.find((e) => e[0] === 'user 5')![1], rating: 0.5, timestamp: 7 },
    ]);
    await store.addRatings('late a', [
      { itemId: 'item-3', rating: 4, timestamp: 8 },
      { itemId: 'item-1', rating: 2, timestamp: 9 },
    ]);
    await store.addRatings('user 9', [{ itemId: 'item-2', rating: 3, timestamp: 10 }]);
    const g = await store.readGraph();
    const expected: Edge[] = edges.map(([u, i, r], k) => [u, i, r, 1_700_000_000 + k]);
    const changed = expected.findIndex((e) => e[0] === 'user 5');
    expected[changed] = [expected[changed]![0], expected[changed]![1], 0.5, 7];
    const added: Edge[] = [
      ['late a', 'item-3', 4, 8],
      ['late a', 'item-1', 2, 9],
      ['user 9', 'item-2', 3, 10],
    ];
    const view = datasetView(g) as { edges: unknown[]; users: string[] };
    assert.deepEqual(view.edges, [...expected, ...added]);
    assert.deepEqual(view.users.slice(-1), ['late a']);
    const [span] = await sql<{ lo: string; hi: string; n: number }>(
      url,
      'SELECT min(seq) AS lo, max(seq) AS hi, count(*)::int AS n FROM interactions',
    );
    assert.ok(Number(span!.hi) - Number(span!.lo) + 1 > span!.n, 'the update left a gap in seq');

    // Two rows with one `seq` inside a gap-free span (a store written by two racing writers before the counter):
    // readGraph still returns every row, ordered by seq.
    await sql(url, 'UPDATE interactions SET seq = 3 WHERE seq = 4');
    await sql(url, `UPDATE interactions SET seq = seq - 1 WHERE seq > 4`);
    await sql(url, `DELETE FROM meta WHERE key = 'interactions_next_seq'`);
    const [dense] = await sql<{ lo: string; hi: string; n: number }>(
      url,
      'SELECT min(seq) AS lo, max(seq) AS hi, count(*)::int AS n FROM interactions',
    );
    assert.equal(
      Number(dense!.hi) - Number(dense!.lo) + 1,
      dense!.n,
      'as many seq values as rows: one repeat, one gap',
    );
    const again = datasetView(await store.readGraph()) as { edges: unknown[] };
    const all = [...expected, ...added];
    assert.deepEqual(again.edges.slice(0, 3), all.slice(0, 3));
    assert.deepEqual(again.edges.slice(5), all.slice(5));
    assert.deepEqual(
      new Set(again.edges.slice(3, 5).map((e) => JSON.stringify(e))),
      new Set(all.slice(3, 5).map((e) => JSON.stringify(e))),
    );
    // Without its counter (a store imported before it) the next rating continues after the stored maximum.
    await store.addRatings('late b', [{ itemId: 'item-2', rating: 1, timestamp: 11 }]);
    const [last] = await sql<{ user_id: string; seq: string }>(
      url,
      'SELECT user_id, seq FROM interactions ORDER BY seq DESC LIMIT 1',
    );
    assert.deepEqual(last, { user_id: 'late b', seq: String(Number(dense!.hi) + 1) });
  } finally {
    await store.close();
  }
});

test('interactionKeyOrder lists the kept rows by (user id, item id) in byte order', () => {
  const ds = handDataset([
    ['b', 'y', 1],
    ['a', 'z', 2],
    ['b', 'x', 3],
    ['a', 'y', 4],
    ['ab', 'a', 5],
    ['a', 'x', 6],
    ['B', 'x', 7],
  ]);
  const keep = Int32Array.from([0, 1, 2, 3, 4, 6]); // row 5 dropped, as a repeated (user, item) would be
  const order = interactionKeyOrder(ds, keep);
  const keys = Array.from(order, (k) => {
    const i = keep[k]!;
    return `${ds.users.raw(ds.interactions.user[i]!)}/${ds.items.raw(ds.interactions.item[i]!)}`;
  });
  assert.deepEqual(keys, ['B/x', 'a/y', 'a/z', 'ab/a', 'b/x', 'b/y']);
  assert.deepEqual(
    Array.from(order).sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5],
  );
});
