import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliArgv } from '../../../test/cli.ts';

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, cliArgv(args), { encoding: 'utf8', env: { ...process.env, ...env } });
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-cli-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

const H = 'userId,movieId,rating,timestamp\n';

test('data stats --json prints one JSON object with counts, histogram and density', () => {
  const dir = folder({ 'ratings.csv': H + '1,1,4.0,5\n1,2,3.5,6\n2,1,4.0,7\n' });
  const r = run(['data', 'stats', '--data', dir, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const s = JSON.parse(lines[0]!);
  assert.equal(s.users, 2);
  assert.equal(s.items, 2);
  assert.equal(s.interactions, 3);
  assert.equal(s.density, 0.75);
  assert.deepEqual(s.ratingHistogram, [
    { rating: 3.5, count: 1 },
    { rating: 4, count: 2 },
  ]);
});

test('bad input: exit 1 with a one-line message naming file, line and field; --lenient counts the skip', () => {
  const dir = folder({ 'ratings.csv': H + '1,1,4.0,5\n1,2,lots,6\n' });
  const r = run(['data', 'stats', '--data', dir]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr,
    `gnnrec: ${join(dir, 'ratings.csv')}:3: field 'rating': rating 'lots' is not a number\n`,
  );
  const ok = run(['data', 'stats', '--data', dir, '--lenient', '--json']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout).skipped, { 'bad-rating': 1 });
});

test('duplicate pair and a missing folder fail with exit 1 and no stack trace', () => {
  const dup = folder({ 'ratings.csv': H + '1,1,4.0,5\n1,1,3.0,6\n' });
  const r = run(['data', 'stats', '--data', dup]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^gnnrec: .*ratings\.csv:3: field 'movieId': duplicate \(user, item\) pair/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const gone = run(['data', 'stats', '--data', join(dup, 'nope')]);
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /^gnnrec: .*nope: no such file or folder/);
});

test('usage errors exit 2: bad --format, missing --data, unknown dataset to fetch', () => {
  assert.equal(run(['data', 'stats', '--data', '.', '--format', 'parquet']).status, 2);
  assert.equal(run(['data', 'stats']).status, 2);
  assert.equal(run(['data', 'fetch', 'ml-99m']).status, 2);
  const help = run(['data', 'stats', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--lenient/);
});

test('data fetch without network fails fast (exit 1) and points to --data DIR', async () => {
  // A port that was just free and is now closed: the connection is refused, like a machine with no network.
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await new Promise<void>((r) => server.close(() => r()));
  const cache = mkdtempSync(join(tmpdir(), 'gnnrec-cli-cache-'));
  const r = run(['data', 'fetch', 'ml-latest-small', '--cache', cache], {
    GNNREC_DATA_URL: url,
    GNNREC_FETCH_TIMEOUT_MS: '2000',
  });
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /^gnnrec: cannot download http:\/\/127\.0\.0\.1:\d+\/ml-latest-small\.zip: .*--data DIR\.\n$/,
  );
});

test('CSV mapping flags become a CsvMapping (names with a header, 0-based positions without)', async () => {
  const { loadOptionsFrom } = await import('./data.ts');
  const base = { data: 'x', format: 'auto' as const, header: true };
  assert.deepEqual(loadOptionsFrom(base), { format: 'auto', lenient: false });
  assert.deepEqual(
    loadOptionsFrom({ ...base, userCol: 'who', itemCol: 'what', ratingCol: 'stars', delimiter: ';' }).csv,
    {
      user: 'who',
      item: 'what',
      rating: 'stars',
      delimiter: ';',
      header: true,
    },
  );
  assert.deepEqual(loadOptionsFrom({ ...base, header: false, ratingCol: '2', delimiter: '\\t' }).csv, {
    user: 0,
    item: 1,
    rating: 2,
    delimiter: '\t',
    header: false,
  });
});
