import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../util/errors.ts';
import { loadDatasetWithReport, type LoadOptions } from './load.ts';

/**
 * The bad-input corpus: each case is a small malformed dataset written to a temp folder. Strict
 * reading must fail with an InputError naming file, line and field; lenient reading must either
 * skip and count the row (`skip` set) or fail the same way (whole-file problems).
 */
interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  /** File (inside the folder) the error must name; `path` is relative to the folder. */
  file: string;
  line: number;
  field: string;
  message: RegExp;
  /** Lenient mode: the skip reason and count, or undefined when the problem stays fatal. */
  skip?: [string, number];
  /** Interactions left after lenient reading. */
  left?: number;
  opts?: LoadOptions;
  /** Path given to loadDataset, relative to the folder (default: the folder itself). */
  path?: string;
}

const H = 'userId,movieId,rating,timestamp\n';

const CASES: Case[] = [
  {
    name: 'missing column',
    files: { 'ratings.csv': 'userId,movieId,timestamp\n1,2,3\n' },
    file: 'ratings.csv',
    line: 1,
    field: 'rating',
    message: /missing column 'rating'/,
  },
  {
    name: 'missing field in a row',
    files: { 'ratings.csv': H + '1,2,4.0,5\n1,3\n1,4,3.0,6\n' },
    file: 'ratings.csv',
    line: 3,
    field: 'rating',
    message: /missing field/,
    skip: ['missing-field', 1],
    left: 2,
  },
  {
    name: 'non-numeric rating',
    files: { 'ratings.csv': H + '1,2,4.0,5\n1,3,four,5\n' },
    file: 'ratings.csv',
    line: 3,
    field: 'rating',
    message: /rating 'four' is not a number/,
    skip: ['bad-rating', 1],
    left: 1,
  },
  {
    name: 'empty file',
    files: { 'ratings.csv': '' },
    file: 'ratings.csv',
    line: 1,
    field: 'header',
    message: /file is empty/,
  },
  {
    name: 'header but no rows',
    files: { 'ratings.csv': H },
    file: 'ratings.csv',
    line: 2,
    field: 'userId',
    message: /no data rows/,
  },
  {
    name: 'empty u.data',
    files: { 'u.data': '\n\n' },
    file: 'u.data',
    line: 1,
    field: 'user_id',
    message: /file is empty/,
  },
  {
    name: 'duplicate (user, item)',
    files: { 'ratings.csv': H + '1,2,4.0,5\n1,3,2.0,5\n1,2,5.0,6\n' },
    file: 'ratings.csv',
    line: 4,
    field: 'movieId',
    message: /duplicate \(user, item\) pair \(userId 1, movieId 2\); first seen on line 2/,
    skip: ['duplicate', 1],
    left: 2,
  },
  {
    name: 'duplicate across LightGCN train/test',
    files: { 'train.txt': '0 1 2\n', 'test.txt': '0 2\n' },
    file: 'test.txt',
    line: 1,
    field: 'item',
    message: /first seen on .*train.txt:1/,
    skip: ['duplicate', 1],
    left: 2,
  },
  {
    name: 'rating out of range',
    files: { 'ratings.csv': H + '1,2,4.0,5\n1,3,7,5\n1,4,0,5\n' },
    file: 'ratings.csv',
    line: 3,
    field: 'rating',
    message: /rating 7 is outside the range 0.5–5/,
    skip: ['out-of-range', 2],
    left: 1,
  },
  {
    name: 'ml-100k rating out of range',
    files: { 'u.data': '1\t2\t3\t5\n1\t3\t0.5\t5\n' },
    file: 'u.data',
    line: 2,
    field: 'rating',
    message: /outside the range 1–5/,
    skip: ['out-of-range', 1],
    left: 1,
  },
  {
    name: 'truncated last line',
    files: { 'ratings.csv': H + '1,2,4.0,964982703\n1,3,4.0,964982704\n1,4' },
    file: 'ratings.csv',
    line: 4,
    field: 'rating',
    message: /last line is incomplete .*truncated/,
    skip: ['truncated', 1],
    left: 2,
  },
  {
    name: 'truncated inside a quoted field',
    files: { 'movies.csv': 'movieId,title,genres\n1,"Heat (1995)', 'ratings.csv': H + '1,1,4,5\n' },
    file: 'movies.csv',
    line: 2,
    field: 'quoted field',
    message: /never closed/,
    skip: ['truncated', 1],
    left: 1,
  },
  {
    name: 'wrong encoding (latin-1 in a UTF-8 file)',
    files: {
      'ratings.csv': H + '1,1,4,5\n',
      'movies.csv': Buffer.concat([
        Buffer.from('movieId,title,genres\n1,Belle '),
        Buffer.from([0xe9]),
        Buffer.from('poque (1992),Comedy\n'),
      ]),
    },
    file: 'movies.csv',
    line: 2,
    field: 'title',
    message: /invalid UTF-8/,
    skip: ['encoding', 1],
    left: 1,
  },
  {
    name: 'wrong encoding in a generic CSV',
    path: 'x.csv',
    files: {
      'x.csv': Buffer.concat([
        Buffer.from('user,item\nu1,caf'),
        Buffer.from([0xe9]),
        Buffer.from('\nu2,tea\n'),
      ]),
    },
    file: 'x.csv',
    line: 2,
    field: 'item',
    message: /invalid UTF-8/,
    skip: ['encoding', 1],
    left: 1,
  },
  {
    name: 'wrong encoding in the header (always fatal)',
    files: {
      'ratings.csv': Buffer.concat([
        Buffer.from('userId,movieId,rat'),
        Buffer.from([0xe9]),
        Buffer.from('ing,timestamp\n1,1,4,5\n'),
      ]),
    },
    file: 'ratings.csv',
    line: 1,
    field: 'column 3',
    message: /invalid UTF-8 bytes in the header/,
  },
  {
    name: 'huge user id',
    files: { 'ratings.csv': H + '123456789012345678901,2,4,5\n1,2,4,5\n' },
    file: 'ratings.csv',
    line: 2,
    field: 'userId',
    message: /too large \(21 digits/,
    skip: ['bad-id', 1],
    left: 1,
  },
  {
    name: 'huge item id in LightGCN',
    files: { 'train.txt': '0 1 99999999999999999\n', 'test.txt': '0 2\n' },
    file: 'train.txt',
    line: 1,
    field: 'item 2',
    message: /too large/,
    skip: ['bad-id', 1],
    left: 1,
  },
  {
    name: 'non-integer id',
    files: { 'u.data': '1\tx7\t3\t5\n1\t2\t3\t5\n' },
    file: 'u.data',
    line: 1,
    field: 'item_id',
    message: /not a non-negative integer/,
    skip: ['bad-id', 1],
    left: 1,
  },
  {
    name: 'huge free-form id in a generic CSV',
    path: 'x.csv',
    files: { 'x.csv': `user,item\n${'u'.repeat(300)},a\nu2,b\n` },
    file: 'x.csv',
    line: 2,
    field: 'user',
    message: /too long \(300 characters/,
    skip: ['bad-id', 1],
    left: 1,
  },
  {
    name: 'non-numeric timestamp',
    files: { 'ratings.csv': H + '1,2,4,yesterday\n1,3,4,5\n' },
    file: 'ratings.csv',
    line: 2,
    field: 'timestamp',
    message: /timestamp 'yesterday'/,
    skip: ['bad-timestamp', 1],
    left: 1,
  },
  {
    name: 'anime rating out of range',
    files: { 'rating.csv': 'user_id,anime_id,rating\n1,5,11\n1,6,8\n' },
    file: 'rating.csv',
    line: 2,
    field: 'rating',
    message: /outside the range 1–10/,
    skip: ['out-of-range', 1],
    left: 1,
  },
];

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-bad-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

for (const c of CASES) {
  test(`bad input: ${c.name}`, async () => {
    const dir = folder(c.files);
    const path = c.path ? join(dir, c.path) : dir;
    await assert.rejects(loadDatasetWithReport(path, c.opts), (err: unknown) => {
      assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
      assert.deepEqual(err.location, { file: join(dir, c.file), line: c.line, field: c.field });
      assert.match(err.message, c.message);
      assert.ok(err.message.startsWith(`${join(dir, c.file)}:${c.line}: field '${c.field}': `), err.message);
      assert.ok(!err.message.includes('\n'), 'one-line message');
      return true;
    });
    if (c.skip) {
      const { dataset, report } = await loadDatasetWithReport(path, { ...c.opts, lenient: true });
      assert.equal(report.skipped[c.skip[0]], c.skip[1], JSON.stringify(report.skipped));
      if (c.left !== undefined) assert.equal(dataset.interactions.user.length, c.left);
    } else {
      await assert.rejects(loadDatasetWithReport(path, { ...c.opts, lenient: true }), InputError);
    }
  });
}
