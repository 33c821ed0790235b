// `gnnrec import`: counts on stdout (--json is one object), re-import changes nothing, bad URLs exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliArgv } from './cli.ts';

const run = (args: string[]) => spawnSync(process.execPath, cliArgv(args), { encoding: 'utf8' });

test('gnnrec import: JSON counts, idempotent re-import, clear errors', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-import-'));
  try {
    const csv = join(dir, 'ratings.csv');
    writeFileSync(csv, 'user,item,rating,timestamp\na,x,4,100\na,y,3,101\nb,x,5,102\n');
    const store = `pglite://${join(dir, 'store')}`;
    const first = run(['import', '--data', csv, '--format', 'csv', '--store', store, '--json']);
    assert.equal(first.status, 0, first.stderr);
    const out = JSON.parse(first.stdout) as {
      imported: { interactions: { inserted: number } };
      counts: { users: number; interactions: number };
    };
    assert.equal(out.imported.interactions.inserted, 3);
    assert.deepEqual([out.counts.users, out.counts.interactions], [2, 3]);
    assert.equal(first.stdout.trim().split('\n').length, 1, '--json prints exactly one line');

    const again = run(['import', '--data', csv, '--format', 'csv', '--store', store]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /interactions\s+0 new\s+0 updated\s+3 unchanged\s+total 3/);

    const bad = run(['import', '--data', csv, '--format', 'csv', '--store', 'mysql://x/y']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^gnnrec: unsupported store URL 'mysql:\/\/x\/y'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  "gnnrec recommend --all --store writes every user's list back, replaces it on a re-run, and changes nothing on bad ids",
  { timeout: 900_000 },
  async () => {
    const { generateSynthetic, ratingsCsv } = await import('../src/data/synthetic.ts');
    const { openStore } = await import('../src/store/open.ts');
    const dir = mkdtempSync(join(tmpdir(), 'gnnrec-writeback-'));
    try {
      // 300 users: past the batch size from which recommend ranks through the backend's topkDot.
      const ds = generateSynthetic({ users: 300, items: 120, seed: 4, interactionsPerUser: 12 });
      const csv = join(dir, 'ratings.csv');
      writeFileSync(csv, ratingsCsv(ds));
      const store = `pglite://${join(dir, 'store')}`;
      const i0 = run(['import', '--data', dir, '--format', 'movielens', '--store', store]);
      assert.equal(i0.status, 0, i0.stderr);
      const model = join(dir, 'lgcn');
      const t = run([
        'train',
        '--store',
        store,
        '--model',
        'lightgcn',
        '--epochs',
        '2',
        '--batch',
        '256',
        '--out',
        model,
        '--json',
      ]);
      assert.equal(t.status, 0, t.stderr);

      const w = run(['recommend', '--model', model, '--all', '--store', store, '-k', '5', '--json']);
      assert.equal(w.status, 0, w.stderr);
      const out = JSON.parse(w.stdout) as {
        model_id: string;
        users: number;
        inserted: number;
        deleted: number;
      };
      assert.deepEqual([out.model_id, out.users, out.inserted, out.deleted], ['lgcn', 300, 1500, 0]);
      const again = JSON.parse(
        run(['recommend', '--model', model, '--all', '--store', store, '-k', '5', '--json']).stdout,
      ) as { inserted: number; deleted: number };
      assert.deepEqual([again.inserted, again.deleted], [1500, 1500], 're-running replaces the rows');

      // The stored list of a user is what `recommend --user` prints (same items, ranks and scores to float32 rounding).
      // The CLI runs first: it reads the user's rated items from the (single-process) embedded store.
      const users = [ds.users.raw(0), ds.users.raw(137), ds.users.raw(299)];
      const printed = users.map((user) => {
        const r = run(['recommend', '--model', model, '--user', user, '-k', '5', '--json']);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stderr, '', 'the rated items were read from the store');
        return JSON.parse(r.stdout) as { items: Array<{ item: string; score: number; rank: number }> };
      });
      const s = await openStore(store);
      try {
        for (const [n, user] of users.entries()) {
          const one = printed[n];
          const stored = await s.getRecommendations('lgcn', user, 5);
          assert.deepEqual(
            stored.map((r) => [r.itemId, r.rank]),
            one.items.map((x) => [x.item, x.rank]),
            `user ${user}`,
          );
          for (let p = 0; p < 5; p++)
            assert.ok(
              Math.abs(stored[p].score - one.items[p].score) <
                1e-4 * Math.max(1, Math.abs(one.items[p].score)),
            );
        }
        assert.equal((await s.counts()).recommendations, 1500);
      } finally {
        await s.close();
      }

      // A store that lacks some of the model's users: the write fails as a whole and leaves the store as it was.
      const small = `pglite://${join(dir, 'small')}`;
      mkdirSync(join(dir, 'few'));
      writeFileSync(
        join(dir, 'few', 'ratings.csv'),
        ratingsCsv(ds).split('\n').slice(0, 40).join('\n') + '\n',
      );
      const imp = run(['import', '--data', join(dir, 'few'), '--format', 'movielens', '--store', small]);
      assert.equal(imp.status, 0, imp.stderr);
      const bad = run(['recommend', '--model', model, '--all', '--store', small, '-k', '5']);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /^gnnrec: recommendation for unknown users '[^']+', /);
      const s2 = await openStore(small);
      try {
        assert.equal((await s2.counts()).recommendations, 0);
      } finally {
        await s2.close();
      }
      assert.equal(
        run(['recommend', '--model', model, '-k', '5']).status,
        2,
        'neither --user nor --all is a usage error',
      );
      assert.equal(
        run(['recommend', '--model', model, '--user', ds.users.raw(0), '--store', store]).status,
        2,
        '--store needs --all',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
