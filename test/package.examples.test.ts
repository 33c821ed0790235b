// The programs in examples/ run as written (from sources: the `gnnrec-source` condition maps `import 'gnnrec'` to
// src/index.ts) on generated MovieLens data, and print what they promise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/data/types.ts';
import { ratedByUser, writeMovieLensFolder } from './package-fixture.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
let root = '';
let data = '';
let ds: Dataset;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'gnnrec-examples-'));
  data = join(root, 'ml');
  ds = writeMovieLensFolder(data, { users: 40, items: 60, seed: 9 });
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function example(name: string, args: readonly string[]): string {
  const r = spawnSync(
    process.execPath,
    ['--conditions=gnnrec-source', '--import', tsxLoader, join('examples', name), ...args],
    { cwd: repo, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `${name}: ${r.stderr}`);
  return r.stdout;
}

test('examples/train-and-recommend.ts prints ten unrated items with titles for the user', () => {
  const user = ds.users.raw(0);
  const out = example('train-and-recommend.ts', [data, join(root, 'lgcn'), user]);
  assert.match(out, /^trained lightgcn on ml: test \{.*"recall@20":/m);
  const rows = out
    .trim()
    .split('\n')
    .filter((l) => /^\d+\t/.test(l))
    .map((l) => l.split('\t'));
  assert.equal(rows.length, 10);
  const rated = ratedByUser(ds).get(user)!;
  for (const [rank, id, , title] of rows) {
    assert.ok(!rated.has(id!), `item ${id} at rank ${rank} was rated by ${user}`);
    assert.equal(title, ds.itemMeta[ds.items.get(id!)!]!.title);
  }
  assert.deepEqual(
    rows.map((r) => Number(r[0])),
    Array.from({ length: 10 }, (_, i) => i + 1),
  );
});

test('examples/explain.ts explains the first recommendation by the user’s own items', () => {
  const user = ds.users.raw(1);
  const out = example('explain.ts', [data, join(root, 'gf'), user]);
  const lines = out.trim().split('\n');
  assert.match(lines[0]!, new RegExp(`^user ${user} ← item \\S+ .*: score -?[0-9.]+ \\(.+\\) by \\S+`));
  const rated = ratedByUser(ds).get(user)!;
  const parts = lines.slice(1).map((l) => l.split('\t'));
  assert.ok(parts.length >= 1 && parts.length <= 5, out);
  for (const [id] of parts) assert.ok(id === '-' || rated.has(id!), `${id} is one of the user's items`);
});

test('examples/store-pipeline.ts imports, trains from the store and writes every user’s list back', () => {
  const out = example('store-pipeline.ts', [data, join(root, 'store'), join(root, 'store-model')]);
  assert.match(out, /^imported \{/m);
  const m = /wrote (\d+) recommendations for (\d+) users \(model id example-lightgcn\)/.exec(out);
  assert.ok(m, out);
  assert.equal(Number(m[2]), ds.users.size);
  assert.equal(Number(m[1]), 10 * ds.users.size);
});
