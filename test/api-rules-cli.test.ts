// The business rules through `gnnrec recommend` (and so the library's recommendFor): a model trained by the CLI on a
// generated MovieLens folder, a genre filter and a year range applied before the cut, MMR, and a usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';
import { writeMovieLensFolder } from './package-fixture.ts';

interface Listed {
  items: Array<{ item: string; title: string; score: number; rank: number }>;
}

test(
  'gnnrec recommend --genres/--year/--exclude/--diversity filter before the top-K',
  { timeout: 180_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnnrec-rules-cli-'));
    try {
      const ds = writeMovieLensFolder(join(dir, 'ml'), { users: 80, items: 150, seed: 3 });
      const out = join(dir, 'model');
      const tr = runCli([
        'train',
        '--data',
        join(dir, 'ml'),
        '--model',
        'lightgcn',
        '--epochs',
        '2',
        '--out',
        out,
      ]);
      assert.equal(tr.status, 0, tr.stderr);
      const rec = (...flags: string[]): Listed => {
        const r = runCli(['recommend', '--model', out, '--user', '4', '--json', ...flags]);
        assert.equal(r.status, 0, r.stderr);
        return JSON.parse(r.stdout) as Listed;
      };
      const meta = (raw: string) => ds.itemMeta[ds.items.get(raw)!]!;
      const deep = rec('-k', '100');
      const genre = meta(deep.items[5]!.item).genres![0]!;
      const filtered = rec('-k', '8', '--genres', genre);
      const expect = deep.items.filter((x) => meta(x.item).genres!.includes(genre)).slice(0, 8);
      assert.equal(filtered.items.length, 8);
      assert.deepEqual(
        filtered.items.map((x) => x.item),
        expect.map((x) => x.item),
      );
      assert.deepEqual(
        filtered.items.map((x) => x.rank),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
      const years = rec('-k', '10', '--year', '1980..1999', '--exclude', deep.items[0]!.item);
      assert.equal(years.items.length, 10);
      for (const x of years.items) {
        assert.ok(meta(x.item).year! >= 1980 && meta(x.item).year! <= 1999);
        assert.notEqual(x.item, deep.items[0]!.item);
      }
      const diverse = rec('-k', '10', '--diversity', '0');
      assert.equal(diverse.items.length, 10);
      assert.notDeepEqual(
        diverse.items.map((x) => x.item),
        deep.items.slice(0, 10).map((x) => x.item),
      );
      const bad = runCli(['recommend', '--model', out, '--user', '4', '--year', 'soon']);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--year: 'soon' is not a number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
