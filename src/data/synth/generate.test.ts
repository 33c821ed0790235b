import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../load.ts';
import { synthesize } from './generate.ts';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'gnnrec-synth-'));
}

test('synthesize is seeded: the same seed writes the same bytes, another seed other bytes', () => {
  const dir = tmp();
  try {
    const opts = { users: 300, items: 200, interactions: 6000, format: 'both' as const };
    synthesize({ ...opts, out: join(dir, 'a'), seed: 5 });
    synthesize({ ...opts, out: join(dir, 'b'), seed: 5 });
    synthesize({ ...opts, out: join(dir, 'c'), seed: 6 });
    for (const f of ['lightgcn/train.txt', 'lightgcn/test.txt', 'csv/ratings.csv', 'csv/movies.csv'])
      assert.ok(readFileSync(join(dir, 'a', f)).equals(readFileSync(join(dir, 'b', f))), f);
    assert.ok(
      !readFileSync(join(dir, 'a', 'csv/ratings.csv')).equals(
        readFileSync(join(dir, 'c', 'csv/ratings.csv')),
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('both formats load through the existing readers with exactly the requested counts', async () => {
  const dir = tmp();
  try {
    const s = synthesize({ users: 500, items: 400, interactions: 20_000, out: dir, seed: 1 });
    assert.equal(s.train + s.test, 20_000);
    const lg = await loadDataset(join(dir, 'lightgcn'));
    assert.equal(lg.format, 'lightgcn');
    assert.equal(lg.interactions.user.length, 20_000);
    assert.equal(lg.users.size, 500);
    assert.equal(lg.items.size, s.itemsWithInteractions);
    assert.equal(lg.providedSplit?.test.length, s.test);
    const ml = await loadDataset(join(dir, 'csv'));
    assert.equal(ml.format, 'movielens');
    assert.equal(ml.interactions.user.length, 20_000);
    assert.equal(ml.users.size, 500);
    // The same ids in both formats: a model trained on one writes back into a store imported from the other.
    assert.deepEqual(ml.users.toJSON().sort(), lg.users.toJSON().sort());
    assert.deepEqual(ml.items.toJSON().sort(), lg.items.toJSON().sort());
    // movies.csv names every item of the catalogue with a title and a genre.
    assert.equal(
      ml.itemMeta.filter((m) => m?.title !== undefined && (m.genres?.length ?? 0) === 1).length,
      ml.items.size,
    );
    for (const r of ml.interactions.rating) assert.ok(r >= 1 && r <= 5 && Number.isInteger(r * 2));
    // Each user's test items come after their training items in time: the CSV holds them in time order.
    const ts = ml.interactions.timestamp!;
    for (let k = 1; k < ts.length; k++)
      if (ml.interactions.user[k] === ml.interactions.user[k - 1]) assert.ok(ts[k]! > ts[k - 1]!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('popularity and activity are heavy-tailed and users stay in their community', async () => {
  const dir = tmp();
  try {
    synthesize({
      users: 2000,
      items: 1000,
      interactions: 60_000,
      out: dir,
      seed: 3,
      format: 'csv',
      genres: 10,
    });
    const ds = await loadDataset(dir);
    const { user, item, rating } = ds.interactions;
    const perItem = new Int32Array(ds.items.size);
    const perUser = new Int32Array(ds.users.size);
    for (let k = 0; k < item.length; k++) {
      perItem[item[k]!]!++;
      perUser[user[k]!]!++;
    }
    const top = [...perItem].sort((a, b) => b - a);
    const share = (xs: number[], f: number): number =>
      xs.slice(0, Math.ceil(xs.length * f)).reduce((a, b) => a + b, 0) / item.length;
    // Uniform popularity would give the top 10 % of items 10 % of interactions.
    assert.ok(share(top, 0.1) > 0.3, `top 10% items hold ${share(top, 0.1)}`);
    const users = [...perUser].sort((a, b) => b - a);
    assert.ok(share(users, 0.1) > 0.25, `top 10% users hold ${share(users, 0.1)}`);
    // Genre of each item from movies.csv; a user's most frequent genre holds far more than 1/10.
    const genre = ds.itemMeta.map((m) => m?.genres?.[0] ?? '');
    let inHome = 0;
    let high = 0;
    let highHome = 0;
    const byUser = new Map<number, number[]>();
    for (let k = 0; k < item.length; k++) {
      const list = byUser.get(user[k]!) ?? [];
      list.push(k);
      byUser.set(user[k]!, list);
    }
    for (const rows of byUser.values()) {
      const count = new Map<string, number>();
      for (const k of rows) count.set(genre[item[k]!]!, (count.get(genre[item[k]!]!) ?? 0) + 1);
      const home = [...count].sort((a, b) => b[1] - a[1])[0]![0];
      for (const k of rows) {
        const h = genre[item[k]!] === home;
        inHome += h ? 1 : 0;
        if (rating[k]! >= 4.5) {
          high++;
          highHome += h ? 1 : 0;
        }
      }
    }
    assert.ok(inHome / item.length > 0.6, `home share ${inHome / item.length}`);
    // Ratings of 4.5 and 5 are given (almost) only inside the home community.
    assert.ok(highHome / high > 0.9, `high ratings at home ${highHome / high}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('impossible sizes fail with a message naming the flag', () => {
  assert.throws(
    () => synthesize({ users: 10, items: 5, interactions: 5, out: '/nonexistent/x' }),
    /--interactions 5 is below --users 10/,
  );
  assert.throws(
    () => synthesize({ users: 10, items: 4, interactions: 100, out: '/nonexistent/x' }),
    /does not fit.*raise --items/,
  );
  assert.throws(
    () => synthesize({ users: 0, items: 4, interactions: 100, out: '/nonexistent/x' }),
    /--users must be a positive integer/,
  );
});
