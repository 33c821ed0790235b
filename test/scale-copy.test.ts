// The streaming paths of issue 23 on small data: `gnnrec data synth` → `import` (COPY) → `train` → `recommend --all
// --store` (COPY) into a real PostgreSQL server, and the COPY text format's escaping and rollback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { copyText } from '../src/store/postgres/copy.ts';
import { openPg } from '../src/store/postgres/pg-client.ts';
import { partitionedSchemaSql } from '../src/store/sql/schema-partitioned.ts';
import { replaceRecommendations } from '../src/store/sql/recommendations.ts';
import { interactionChunks, listChunks, recommendationChunks } from '../src/store/sql/import-copy.ts';
import { tsColumn } from '../src/store/sql/rows.ts';
import { IdMap } from '../src/data/idmap.ts';
import type { Dataset } from '../src/data/types.ts';
import { silentProgress } from '../src/util/progress.ts';
import { listRows } from '../src/store/sql/lists.ts';
import type { RecommendationLists } from '../src/store/store.ts';
import type { SqlQueryable } from '../src/store/sql/client.ts';
import { runCli } from './cli.ts';
import { usePostgres } from './store-postgres.ts';

const pgs = usePostgres('gnnrec-scale-copy-');

test('data synth → import → train → recommend --all --store on a PostgreSQL server', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  const url = await pgs.server.createDatabase('pipeline');
  const data = join(pgs.dir, 'synth');
  const synth = runCli([
    'data',
    'synth',
    '--users',
    '300',
    '--items',
    '200',
    '--interactions',
    '6000',
    '--out',
    data,
    '--seed',
    '3',
    '--json',
  ]);
  assert.equal(synth.status, 0, synth.stderr);
  const s = JSON.parse(synth.stdout) as { interactions: number; train: number; test: number; bytes: number };
  assert.equal(s.interactions, 6000);
  assert.equal(s.train + s.test, 6000);
  const files = ['lightgcn/train.txt', 'lightgcn/test.txt', 'csv/ratings.csv', 'csv/movies.csv'];
  assert.equal(
    files.reduce((a, f) => a + statSync(join(data, f)).size, 0),
    s.bytes,
    'the reported bytes are the files written',
  );
  // One header line plus one line per interaction.
  assert.equal(readFileSync(join(data, 'csv/ratings.csv'), 'utf8').trimEnd().split('\n').length, 6001);

  const imp = runCli(['import', '--data', join(data, 'csv'), '--store', url, '--json']);
  assert.equal(imp.status, 0, imp.stderr);
  const counts = (JSON.parse(imp.stdout) as { counts: { users: number; interactions: number } }).counts;
  assert.deepEqual([counts.users, counts.interactions], [300, 6000]);

  // The model reads the LightGCN copy; its ids are the store's (the generator writes the same ids in both formats).
  const model = join(pgs.dir, 'gf');
  const train = runCli([
    'train',
    '--data',
    join(data, 'lightgcn'),
    '--model',
    'graph-filter',
    '--out',
    model,
  ]);
  assert.equal(train.status, 0, train.stderr);
  assert.ok(existsSync(join(model, 'manifest.json')));
  const wb = runCli(['recommend', '--model', model, '--all', '--store', url, '-k', '7', '--json']);
  assert.equal(wb.status, 0, wb.stderr);
  const out = JSON.parse(wb.stdout) as { users: number; inserted: number };
  assert.deepEqual([out.users, out.inserted], [300, 2100]);

  const db = await openPg(url);
  try {
    const [n] = await db.query<{ n: number; users: number; bad: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users,
              count(*) FILTER (WHERE rank < 1 OR rank > 7)::int AS bad FROM recommendations WHERE model_id = 'gf'`,
    );
    assert.deepEqual(n, { n: 2100, users: 300, bad: 0 });
    // A stored list is what `recommend --user` prints.
    const one = JSON.parse(
      runCli(['recommend', '--model', model, '--user', '42', '-k', '7', '--json']).stdout,
    ) as { items: Array<{ item: string; rank: number }> };
    const stored = await db.query<{ item_id: string; rank: number }>(
      `SELECT item_id, rank FROM recommendations WHERE model_id = 'gf' AND user_id = '42' ORDER BY rank`,
    );
    assert.deepEqual(
      stored.map((r) => [r.item_id, r.rank]),
      one.items.map((x) => [x.item, x.rank]),
    );
  } finally {
    await db.close();
  }
});

test('COPY write-back escapes ids exactly, streams in chunks, and a failed COPY rolls the transaction back', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  const url = await pgs.server.createDatabase('escape');
  const db = await openPg(url);
  try {
    await db.exec(partitionedSchemaSql());
    const odd = ['tab\there', 'back\\slash', 'new\nline', 'cr\rret', 'plain', 'ünï,cødé'];
    await db.query(
      `INSERT INTO users (id, seq) SELECT x, o FROM unnest($1::text[]) WITH ORDINALITY AS u(x, o)`,
      [odd],
    );
    const items = Array.from({ length: 50_000 }, (_, k) => `i${k}`);
    await db.query(
      `INSERT INTO items (id, seq) SELECT x, o FROM unnest($1::text[]) WITH ORDINALITY AS u(x, o)`,
      [items],
    );
    await db.query(`INSERT INTO models (id, kind, config, metrics) VALUES ('m', 'x', '{}', '{}')`);
    // 6 users × 10 000 ranks = 60 000 rows: past one 32 768-row chunk, so the stream has several messages.
    const rows = odd.flatMap((u, j) =>
      Array.from({ length: 10_000 }, (_, p) => ({
        userId: u,
        itemId: items[(j * 7919 + p) % items.length]!,
        score: 1 / (p + 1),
        rank: p + 1,
      })),
    );
    const copies: string[] = [];
    const spy = (tx: SqlQueryable): SqlQueryable => ({
      query: (text, params) => tx.query(text, params),
      copyFrom: (sql, chunks) => {
        copies.push(sql);
        return tx.copyFrom!(sql, chunks);
      },
    });
    const res = await db.transaction((tx) => replaceRecommendations(spy(tx), 'm', rows));
    assert.deepEqual(res, { deleted: 0, inserted: 60_000 });
    assert.equal(copies.length, 1);
    assert.match(copies[0]!, /^COPY recommendations/);
    const back = await db.query<{ user_id: string; n: number; s: number }>(
      `SELECT user_id, count(*)::int AS n, max(score)::float8 AS s FROM recommendations GROUP BY user_id ORDER BY user_id`,
    );
    assert.deepEqual(
      back.map((r) => [r.user_id, r.n, r.s]),
      [...odd].sort().map((u) => [u, 10_000, 1]),
    );
    const [first] = await db.query<{ item_id: string; score: number }>(
      `SELECT item_id, score::float8 AS score FROM recommendations WHERE user_id = $1 AND rank = 3`,
      ['new\nline'],
    );
    assert.deepEqual(first, { item_id: items[(2 * 7919 + 2) % items.length], score: Math.fround(1 / 3) });

    // A duplicate (user, rank) fails inside the COPY: the delete before it is rolled back with it.
    const dup = [...rows.slice(0, 10), rows[3]!];
    await assert.rejects(
      db.transaction((tx) => replaceRecommendations(tx, 'm', dup)),
      /duplicate key/,
    );
    const [after] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM recommendations`);
    assert.equal(after!.n, 60_000);
  } finally {
    await db.close();
  }
});

/** Lists of `users` × k slots over `itemIds`, user r short by r % 3 slots (−1 at the end), seeded scores. */
function columnar(userIds: string[], itemIds: string[], k: number): RecommendationLists {
  const items = new Int32Array(userIds.length * k).fill(-1);
  const scores = new Float32Array(userIds.length * k).fill(-Infinity);
  for (let r = 0; r < userIds.length; r++)
    for (let p = 0; p < k - (r % 3); p++) {
      items[r * k + p] = (r * 31 + p * 7) % itemIds.length;
      scores[r * k + p] = Math.fround(1 / (p + 1) + r / 1e4);
    }
  return { k, userIds, itemIds, items, scores };
}

test('columnar lists give the same COPY text as their rows (odd ids, short lists, several chunks)', () => {
  const userIds = Array.from({ length: 5_000 }, (_, r) => (r % 7 === 0 ? `u\t${r}\n` : `u${r}`));
  const itemIds = Array.from({ length: 997 }, (_, i) => (i % 5 === 0 ? `it\\${i}\r` : `${i}`));
  const lists = columnar(userIds, itemIds, 20);
  const rows = listRows(lists);
  // 5 000 users × 20 slots less the empties: 100 000 − (1 667·1 + 1 666·2) = 95 001 rows, past one chunk.
  assert.equal(rows.length, 95_001);
  assert.deepEqual(rows[1], { userId: 'u\t0\n', itemId: '7', score: Math.fround(1 / 2), rank: 2 });
  const a = Buffer.concat([...listChunks('m\t1', lists)]).toString('utf8');
  const b = Buffer.concat([...recommendationChunks('m\t1', rows)]).toString('utf8');
  assert.equal(a, b);
  assert.ok([...listChunks('m', lists)].length > 1);
});

test('columnar write-back through a real COPY: counts, ranks and escaped ids read back', async (t) => {
  if (pgs.server === undefined) return t.skip(pgs.reason);
  const url = await pgs.server.createDatabase('lists');
  const db = await openPg(url);
  try {
    await db.exec(partitionedSchemaSql());
    const userIds = ['tab\there', 'plain', 'new\nline', 'nobody'];
    const itemIds = Array.from({ length: 100 }, (_, i) => (i === 3 ? 'back\\slash' : `i${i}`));
    for (const [table, ids] of [
      ['users', userIds],
      ['items', itemIds],
    ] as const)
      await db.query(
        `INSERT INTO ${table} (id, seq) SELECT x, o FROM unnest($1::text[]) WITH ORDINALITY AS u(x, o)`,
        [ids],
      );
    await db.query(`INSERT INTO models (id, kind, config, metrics) VALUES ('m', 'x', '{}', '{}')`);
    const lists = columnar(userIds, itemIds, 10);
    lists.items.fill(-1, 30, 40); // 'nobody' has an empty list: no rows
    const res = await db.transaction((tx) => replaceRecommendations(tx, 'm', lists));
    assert.deepEqual(res, { deleted: 0, inserted: 10 + 9 + 8 });
    const back = await db.query<{ user_id: string; item_id: string; rank: number }>(
      `SELECT user_id, item_id, rank FROM recommendations ORDER BY user_id, rank`,
    );
    assert.equal(back.length, 27);
    const first = back.filter((r) => r.user_id === 'tab\there').map((r) => r.item_id);
    assert.deepEqual(
      first,
      Array.from({ length: 10 }, (_, p) => itemIds[(p * 7) % 100]),
    );
    assert.deepEqual(
      back.filter((r) => r.user_id === 'new\nline').map((r) => r.rank),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    // Unknown ids are named before anything is written, as for rows.
    const stray = columnar(['ghost'], itemIds, 2);
    await assert.rejects(
      db.transaction((tx) => replaceRecommendations(tx, 'm', stray)),
      /unknown user 'ghost'/,
    );
  } finally {
    await db.close();
  }
});

test('copyText escapes exactly the four characters COPY text format reserves', () => {
  assert.equal(copyText('a,b "c"'), 'a,b "c"');
  assert.equal(copyText('a\\b\tc\nd\re'), 'a\\\\b\\tc\\nd\\re');
});

test('interaction COPY text written as bytes equals the template text (odd ids, ratings, timestamps, order)', () => {
  const users = new IdMap(Array.from({ length: 900 }, (_, u) => (u % 9 === 0 ? `ü\t${u}\\` : `${u}`)));
  const items = new IdMap(Array.from({ length: 301 }, (_, i) => (i % 11 === 0 ? `it\r${i}\n€` : `i${i}`)));
  const n = 70_001;
  const ratings = [0.1, 3.5, -2, 1e-7, 5, 4.25, 1e30];
  const stamps = [NaN, -5, 0, 1.5, 2 ** 53 - 1, 1e21, -0.4, 1_600_000_000];
  const ds: Dataset = {
    name: 't',
    format: 'csv',
    users,
    items,
    interactions: {
      user: Int32Array.from({ length: n }, (_, k) => (k * 7) % 900),
      item: Int32Array.from({ length: n }, (_, k) => (k * 13) % 301),
      rating: Float32Array.from({ length: n }, (_, k) => ratings[k % ratings.length]!),
      timestamp: Float64Array.from({ length: n }, (_, k) => (k < 8 ? stamps[k]! : 1_600_000_000 + k)),
    },
    itemMeta: [],
    ratingRange: null,
  };
  const keep = Int32Array.from({ length: n - 1 }, (_, k) => k + 1);
  const line = (k: number): string => {
    const i = keep[k]!;
    const ts = tsColumn(ds.interactions.timestamp![i]);
    const u = copyText(users.raw(ds.interactions.user[i]!));
    const it = copyText(items.raw(ds.interactions.item[i]!));
    return `${u}\t${it}\t${ds.interactions.rating[i]}\t${ts === null ? '\\N' : ts}\t${7 + k}\n`;
  };
  const text = (order: Int32Array | null): string =>
    Buffer.concat([...interactionChunks(ds, keep, 7, silentProgress, order)]).toString('utf8');
  assert.equal(text(null), Array.from(keep, (_, k) => line(k)).join(''));
  const order = Int32Array.from({ length: 40_000 }, (_, j) => (j * 7919) % keep.length);
  assert.equal(text(order), Array.from(order, (k) => line(k)).join(''));
  assert.match(text(null).slice(0, 200), /^7\ti13\t3\.5\t-5\t7\n14\ti26\t-2\t0\t8\n/);
});
