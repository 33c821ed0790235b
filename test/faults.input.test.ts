// Bad input, round two (issue 21): non-finite numbers, stray quotes under --lenient, the line length
// limit, and paths that are not regular files. Every case writes its own data to a temp folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasetWithReport, type LoadOptions } from '../src/data/load.ts';
import { forEachLine } from '../src/data/readers/lines.ts';
import { InputError } from '../src/util/errors.ts';
import { runCli } from './cli.ts';

const H = 'userId,movieId,rating,timestamp\n';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-faults-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function rejects(path: string, opts: LoadOptions, where: RegExp): Promise<InputError> {
  try {
    await loadDatasetWithReport(path, opts);
  } catch (err) {
    assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
    assert.match(err.message, where);
    assert.ok(err.message.length < 300, `message too long (${err.message.length})`);
    return err;
  }
  assert.fail(`reading ${path} should fail with ${where}`);
}

test('a rating or timestamp that overflows to Infinity is rejected naming file, line and field', async () => {
  const csv = folder({ 'data.csv': 'user,item,rating\nu1,i1,4\nu2,i1,1e400\n' });
  await rejects(
    join(csv, 'data.csv'),
    { format: 'csv' },
    /data\.csv:3: field 'rating': rating '1e400' is not a finite number/,
  );
  // Finite in a double, Infinity once stored as float32.
  const f32 = folder({ 'data.csv': 'user,item,rating\nu1,i1,4\nu2,i1,1e39\n' });
  await rejects(
    join(f32, 'data.csv'),
    { format: 'csv' },
    /data\.csv:3: field 'rating': .*not a finite number/,
  );
  const ts = folder({
    'ratings.csv': H + '1,1,4,5\n1,2,4,1e400\n',
    'movies.csv': 'movieId,title,genres\n1,A,B\n',
  });
  await rejects(ts, {}, /ratings\.csv:3: field 'timestamp': timestamp '1e400' is out of range/);
  const big = folder({
    'ratings.csv': H + '1,1,4,5\n1,2,4,1e19\n',
    'movies.csv': 'movieId,title,genres\n1,A,B\n',
  });
  await rejects(big, {}, /ratings\.csv:3: field 'timestamp'/);
  // Lenient: counted, the other rows kept, nothing non-finite left.
  const { dataset, report } = await loadDatasetWithReport(join(csv, 'data.csv'), {
    format: 'csv',
    lenient: true,
  });
  assert.equal(report.skipped['bad-rating'], 1);
  assert.equal(dataset.interactions.rating.length, 1);
  assert.ok(dataset.interactions.rating.every(Number.isFinite));
  assert.deepEqual(dataset.ratingRange, [4, 4]);
});

test('a numeric metadata value that is not finite is rejected (anime episodes)', async () => {
  const dir = folder({
    'anime.csv':
      'anime_id,name,genre,type,episodes,rating,members\n1,A,Drama,TV,12,8.1,100\n2,B,Comedy,TV,1e999,7.0,50\n',
    'rating.csv': 'user_id,anime_id,rating\n1,1,8\n1,2,7\n',
  });
  await rejects(dir, {}, /anime\.csv:3: field 'episodes': value '1e999' is not a finite number/);
  const { dataset, report } = await loadDatasetWithReport(dir, { lenient: true });
  assert.equal(report.skipped['bad-number'], 1);
  for (const m of dataset.itemMeta)
    for (const v of Object.values(m.numeric ?? {})) assert.ok(v === null || Number.isFinite(v));
});

test('--lenient loses only the record a stray quote broke, and says so', async () => {
  const rows: string[] = [];
  for (let k = 0; k < 2000; k++)
    rows.push(`${1 + (k % 50)},${1 + Math.floor(k / 50)},${1 + (k % 5)},${1000 + k}`);
  rows[10] = `11,"1,3.0,1010`; // a quote that never closes
  const dir = folder({
    'ratings.csv': H + rows.join('\n') + '\n',
    'movies.csv': 'movieId,title,genres\n1,A,B\n',
  });
  const { dataset, report } = await loadDatasetWithReport(dir, { lenient: true });
  assert.equal(report.skipped['bad-quote'], 1);
  assert.equal(dataset.interactions.user.length, 1999);
  // Strict: the line the quote opened on.
  await rejects(
    dir,
    {},
    /ratings\.csv:12: field 'quoted field': quoted field is never closed; it swallowed 1989 later lines/,
  );
});

test('--lenient resynchronises when a second stray quote closes the first', async () => {
  const rows: string[] = [];
  for (let k = 0; k < 100; k++) rows.push(`${1 + k},${1 + k},4,${1000 + k}`);
  rows[10] = `11,"11,4,1010`;
  rows[20] = `21,21",4,1020`; // closes the quote opened on row 11: one wide record from 11 to 21
  const dir = folder({ 'ratings.csv': H + rows.join('\n') + '\n' });
  const { dataset, report } = await loadDatasetWithReport(join(dir, 'ratings.csv'), {
    format: 'csv',
    lenient: true,
  });
  // Only line 12 (row 11) is lost; the lines it swallowed are read again (`21"` is a valid free-form id).
  assert.deepEqual(report.skipped, { 'bad-quote': 1 });
  assert.equal(dataset.interactions.user.length, 99);
});

test('a quoted field spanning lines in a metadata file still parses (RFC 4180)', async () => {
  const dir = folder({
    'ratings.csv': H + '1,1,4,5\n',
    'movies.csv': 'movieId,title,genres\n1,"Two\nlines",Drama\n',
  });
  const { dataset } = await loadDatasetWithReport(dir, { lenient: true });
  assert.equal(dataset.itemMeta[0]!.title, 'Two\nlines');
});

test('lines longer than the limit fail on the line, quoting little of it; the limit is configurable', async () => {
  const long = 'x'.repeat(3 << 20);
  const dir = folder({ 'data.csv': `user,item\nu1,i1\nu2,${long}\nu3,i3\n` });
  const err = await rejects(
    join(dir, 'data.csv'),
    { format: 'csv' },
    /data\.csv:3: line is longer than 1048576 bytes/,
  );
  assert.ok(
    !err.message.includes(
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ),
  );
  // A file that is one endless line (no newline at all) ends the same way.
  const one = folder({ 'data.csv': long });
  await rejects(join(one, 'data.csv'), { format: 'csv' }, /data\.csv:1: line is longer than 1048576 bytes/);
  const small = folder({ 'data.csv': `user,item\nu1,i1\nu2,${'y'.repeat(200)}\n` });
  await rejects(
    join(small, 'data.csv'),
    { format: 'csv', maxLineBytes: 100 },
    /data\.csv:3: line is longer than 100 bytes/,
  );
  const ok = await loadDatasetWithReport(join(small, 'data.csv'), {
    format: 'csv',
    maxLineBytes: 1000,
    csv: { user: 'user', item: 'item', numericIds: false },
  });
  assert.equal(ok.dataset.interactions.user.length, 2);
  // A quoted record spanning many lines is bounded by the same limit.
  const quoted = folder({
    'ratings.csv': H + '1,1,4,5\n',
    'movies.csv': `movieId,title,genres\n1,"${'z\n'.repeat(200)}",Drama\n`,
  });
  await rejects(
    quoted,
    { maxLineBytes: 100 },
    /movies\.csv:2: field 'quoted field': quoted field runs past 100 bytes/,
  );
  // Long values and headers are quoted short.
  const header = folder({ 'data.csv': `user,${'h'.repeat(5000)}\nu1,i1\n` });
  await rejects(join(header, 'data.csv'), { format: 'csv' }, /missing column 'item'/);
});

test('a folder, a FIFO or a device where a file is expected is named in a clear error', async () => {
  const asDir = folder({ 'movies.csv': 'movieId,title,genres\n1,A,B\n' });
  mkdirSync(join(asDir, 'ratings.csv'));
  await rejects(asDir, {}, /ratings\.csv: is a folder, expected a regular file/);
  const moviesDir = folder({ 'ratings.csv': H + '1,1,4,5\n' });
  mkdirSync(join(moviesDir, 'movies.csv'));
  await rejects(moviesDir, {}, /movies\.csv: is a folder, expected a regular file/);
  const plain = folder({ 'a.txt': 'x' });
  await rejects(plain, { format: 'csv' }, /gnnrec-faults-\w+: is a folder, expected a regular file/);
  const fifo = join(folder({}), 'pipe.csv');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  await rejects(fifo, {}, /pipe\.csv: is a named pipe \(FIFO\)/);
  await rejects(fifo, { format: 'csv' }, /pipe\.csv: is a named pipe \(FIFO\)/);
  const fifoDir = folder({ 'ratings.csv': H + '1,1,4,5\n' });
  assert.equal(spawnSync('mkfifo', [join(fifoDir, 'movies.csv')]).status, 0);
  await rejects(fifoDir, {}, /movies\.csv: is a named pipe/);
  await rejects('/dev/zero', {}, /\/dev\/zero: is a character device/);
  await rejects('/dev/zero', { format: 'csv' }, /\/dev\/zero: is a character device/);
});

test('`data stats --data /dev/zero` ends with a clear error', () => {
  const r = runCli(['data', 'stats', '--data', '/dev/zero'], { timeout: 60_000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\/dev\/zero: is a character device, expected a regular file/);
});

test('an unreadable file is named (run as an unprivileged user, since root reads any file)', async (t) => {
  const dir = folder({ 'ratings.csv': H + '1,1,4,5\n', 'movies.csv': 'movieId,title,genres\n1,A,B\n' });
  chmodSync(join(dir, 'ratings.csv'), 0o000);
  chmodSync(dir, 0o755);
  if (process.getuid?.() !== 0) {
    await rejects(dir, {}, /ratings\.csv: permission denied/);
    return;
  }
  // Root bypasses permission bits: read as 'nobody' in a child, where the kernel does refuse.
  const script = `import('${new URL('../src/data/load.ts', import.meta.url).href}').then((m) => m.loadDataset(process.argv[1])).then(() => console.log('read'), (e) => console.log(e.message))`;
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '-e', script, dir], {
    encoding: 'utf8',
    uid: 65534,
    gid: 65534,
    timeout: 60_000,
  });
  if (r.error || /EACCES.*(node_modules|src)/.test(r.stdout + r.stderr)) {
    t.skip(`cannot run as nobody here: ${r.error?.message ?? r.stderr.slice(0, 200)}`);
    return;
  }
  assert.match(r.stdout, /ratings\.csv: permission denied: cannot read it \(EACCES\)/);
});

test('a file that changes size while it is read is an error naming it', async () => {
  const dir = folder({});
  const file = join(dir, 'grow.txt');
  writeFileSync(file, 'a\n'.repeat(1 << 20)); // 2 MiB: two read blocks
  let appended = false;
  await assert.rejects(
    forEachLine(
      file,
      'utf8',
      () => {
        if (!appended) {
          appended = true;
          appendFileSync(file, 'more\n'.repeat(1000));
        }
      },
      () => {},
    ),
    /grow\.txt: file changed size while being read \(2097152 bytes when opened, \d+ read\)/,
  );
  const shrink = join(dir, 'shrink.txt');
  writeFileSync(shrink, 'b\n'.repeat(1 << 20));
  let cut = false;
  await assert.rejects(
    forEachLine(
      shrink,
      'utf8',
      () => {
        if (!cut) {
          cut = true;
          writeFileSync(shrink, 'b\n');
        }
      },
      () => {},
    ),
    /shrink\.txt: file changed size while being read/,
  );
});
