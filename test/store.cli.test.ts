// `gnnrec import`: counts on stdout (--json is one object), re-import changes nothing, bad URLs exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/gnnrec.js', import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

test('gnnrec import: JSON counts, idempotent re-import, clear errors', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-import-'));
  try {
    const csv = join(dir, 'ratings.csv');
    writeFileSync(csv, 'user,item,rating,timestamp\na,x,4,100\na,y,3,101\nb,x,5,102\n');
    const store = `pglite://${join(dir, 'store')}`;
    const first = run(['import', '--data', csv, '--format', 'csv', '--store', store, '--json']);
    assert.equal(first.status, 0, first.stderr);
    const out = JSON.parse(first.stdout) as { imported: { interactions: { inserted: number } }; counts: { users: number; interactions: number } };
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
