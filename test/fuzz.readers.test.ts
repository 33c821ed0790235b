// Fuzzes every dataset reader (issue 21): small real-looking folders of each format, mutated byte-wise
// with the tokens that broke readers before (quotes, separators, huge or non-finite numbers, bad UTF-8),
// read strict and lenient. Each case either parses into a dataset whose every number is finite and
// every index in range, or fails with a one-line GnnrecError naming the file; never a crash or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as fc from 'fast-check';
import { assertFiniteDataset } from '../src/data/finite.ts';
import { loadDatasetWithReport, type DataFormat } from '../src/data/load.ts';
import type { Dataset, ReadReport } from '../src/data/types.ts';
import { GnnrecError } from '../src/util/errors.ts';
import { fuzz, fuzzRun, withinMs } from './fuzz-config.ts';

/** A small valid folder of one format; `file` names the file a `csv` read takes. */
interface Seed {
  format: DataFormat;
  files: Record<string, Buffer>;
  file?: string;
}

const b = (s: string, enc: BufferEncoding = 'utf8'): Buffer => Buffer.from(s, enc);

const SEEDS: Seed[] = [
  {
    format: 'movielens',
    files: {
      'ratings.csv': b(
        'userId,movieId,rating,timestamp\n1,10,4.0,964982703\n1,2,0.5,964981247\n7,10,5.0,964982224\n',
      ),
      'movies.csv': b(
        'movieId,title,genres\n2,"American President, The (1995)",Comedy|Drama\n10,Heat (1995),(no genres listed)\n',
      ),
      'tags.csv': b('userId,movieId,tag,timestamp\n1,10,"heist, classic",1\n7,10,Heist,2\n'),
      'links.csv': b('movieId,imdbId,tmdbId\n2,0112346,9087\n10,0113277,\n'),
    },
  },
  {
    format: 'movielens',
    files: {
      'u.data': b('2\t2\t5\t881250949\n1\t1\t3\t881250950\n1\t2\t1\t881250951\n'),
      'u.item': b(
        '1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n2|Belle \xe9poque (1992)|01-Jan-1994||http://y|0|0|0|0|0|1|0|0|0|0|0|0|0|0|1|0|0|0|0\n',
        'latin1',
      ),
    },
  },
  {
    format: 'movielens',
    files: {
      'ratings.dat': b('1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n'),
      'movies.dat': b(
        "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Musical\n",
        'latin1',
      ),
    },
  },
  {
    format: 'anime',
    files: {
      'anime.csv': b(
        'anime_id,name,genre,type,episodes,rating,members\r\n9253,Steins;Gate,"Sci-Fi, Thriller",TV,24,9.17,673572\r\n28977,Gintama&#039;,"Action, Comedy",TV,Unknown,9.25,114262\r\n',
      ),
      'rating.csv': b('user_id,anime_id,rating\n1,9253,10\n1,28977,-1\n2,9253,-1\n2,28977,7\n'),
    },
  },
  {
    format: 'movies-dataset',
    files: {
      'ratings_small.csv': b('userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n2,31,4,1260759180\n'),
      'links_small.csv': b('movieId,imdbId,tmdbId\n31,0112792,9909\n'),
      'movies_metadata.csv': b(
        'adult,budget,genres,id,imdb_id,popularity,release_date,revenue,runtime,title,vote_average,vote_count\n' +
          "False,0,\"[{'id': 18, 'name': 'Drama'}]\",9909,tt0112792,5.1,1995-08-11,0,124.0,Dangerous Minds,6.4,249\n",
      ),
    },
  },
  {
    format: 'lightgcn',
    files: { 'train.txt': b('0 0 1 2\n1 2 3\n2\n'), 'test.txt': b('0 3\n1 0\n2 1 4\n') },
  },
  {
    format: 'csv',
    file: 'data.csv',
    files: { 'data.csv': b('user,item,rating,timestamp\nu1,i1,4,100\nu2,i1,1.5,101\nu1,"i,2",3,\n') },
  },
  {
    format: 'csv',
    file: 'data.tsv',
    files: { 'data.tsv': b('u1\ti1\nu2\ti1\nu2\ti3\n') },
  },
];

/** Tokens that broke readers before, or sit on a parser's edges. */
const TOKENS = [
  '"',
  '""',
  ',',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '::',
  '|',
  ' ',
  '1e400',
  '-1e400',
  '1e39',
  'NaN',
  'Infinity',
  '-0',
  '1e19',
  '9007199254740993',
  '99999999999999999999999',
  '0x10',
  '-1',
  '',
  '\u0000',
  '\uFEFF',
  'Unknown',
  '&#039;',
  '&amp;',
  "[{'id': 1, 'name': 'x'}]",
  'x'.repeat(300),
].map((t) => b(t));
const BAD_UTF8 = [
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]),
];

/** One edit of a file, at a position given as a fraction of its length. */
type Edit =
  | { op: 'insert'; at: number; bytes: Buffer }
  | { op: 'delete'; at: number; len: number }
  | { op: 'set'; at: number; byte: number }
  | { op: 'truncate'; at: number }
  | { op: 'dupLine'; at: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at, bytes: fc.constantFrom(...TOKENS, ...BAD_UTF8) }),
  fc.record({
    op: fc.constant('insert' as const),
    at,
    bytes: fc.uint8Array({ maxLength: 12 }).map((u) => Buffer.from(u)),
  }),
  fc.record({ op: fc.constant('insert' as const), at, bytes: fc.string({ maxLength: 12 }).map((s) => b(s)) }),
  fc.record({ op: fc.constant('delete' as const), at, len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('set' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('dupLine' as const), at }),
);

function applyEdit(buf: Buffer, e: Edit): Buffer {
  const p = Math.min(buf.length, Math.floor(e.at * (buf.length + 1)));
  switch (e.op) {
    case 'insert':
      return Buffer.concat([buf.subarray(0, p), e.bytes, buf.subarray(p)]);
    case 'delete':
      return Buffer.concat([buf.subarray(0, p), buf.subarray(p + e.len)]);
    case 'set': {
      if (buf.length === 0) return buf;
      const out = Buffer.from(buf);
      out[Math.min(p, buf.length - 1)] = e.byte;
      return out;
    }
    case 'truncate':
      return buf.subarray(0, p);
    case 'dupLine': {
      const start = buf.lastIndexOf(10, p - 1) + 1;
      const end = buf.indexOf(10, p);
      const line = buf.subarray(start, end < 0 ? buf.length : end + 1);
      return Buffer.concat([buf.subarray(0, start), line, buf.subarray(start)]);
    }
  }
}

/** One fuzz case: a seed folder, the edits of each of its files, and how it is read. */
interface Case {
  seed: number;
  edits: Array<{ file: number; edit: Edit }>;
  replace: { file: number; bytes: Uint8Array } | null;
  auto: boolean;
  lenient: boolean;
  maxLineBytes: number | null;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  seed: fc.nat({ max: SEEDS.length - 1 }),
  edits: fc.array(fc.record({ file: fc.nat({ max: 3 }), edit }), { minLength: 1, maxLength: 8 }),
  // Now and then a file is replaced by random bytes altogether.
  replace: fc.option(fc.record({ file: fc.nat({ max: 3 }), bytes: fc.uint8Array({ maxLength: 200 }) }), {
    freq: 10,
  }),
  auto: fc.boolean(),
  lenient: fc.boolean(),
  maxLineBytes: fc.option(fc.integer({ min: 1, max: 120 }), { freq: 5 }),
});

/** Every invariant a read dataset keeps, whatever the input was. */
function checkDataset(ds: Dataset, report: ReadReport): void {
  const { user, item, rating, timestamp } = ds.interactions;
  const n = user.length;
  assert.equal(item.length, n);
  assert.equal(rating.length, n);
  if (timestamp) assert.equal(timestamp.length, n);
  for (let k = 0; k < n; k++) {
    assert.ok(user[k]! >= 0 && user[k]! < ds.users.size, `user index ${user[k]} out of range`);
    assert.ok(item[k]! >= 0 && item[k]! < ds.items.size, `item index ${item[k]} out of range`);
  }
  assert.equal(ds.itemMeta.length, ds.items.size);
  // The one owner of "no non-finite number reaches a store or a model".
  assertFiniteDataset(ds);
  if (ds.ratingRange) assert.ok(ds.ratingRange.every(Number.isFinite), `rating range ${ds.ratingRange}`);
  for (const [why, count] of Object.entries(report.skipped))
    assert.ok(Number.isSafeInteger(count) && count > 0, `skipped ${why}: ${count}`);
}

test(
  'fuzz readers: every reader parses or fails cleanly on mutated input',
  { timeout: 3_600_000 },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'gnnrec-fuzz-readers-'));
    let n = 0;
    try {
      await fuzz(
        'readers',
        caseArb,
        async (c) => {
          const seed = SEEDS[c.seed]!;
          const names = Object.keys(seed.files);
          const bytes = new Map(names.map((f) => [f, seed.files[f]!]));
          for (const { file, edit: e } of c.edits) {
            const f = names[file % names.length]!;
            bytes.set(f, applyEdit(bytes.get(f)!, e));
          }
          if (c.replace) bytes.set(names[c.replace.file % names.length]!, Buffer.from(c.replace.bytes));
          const dir = join(root, `c${n++}`);
          mkdirSync(dir);
          for (const [f, data] of bytes) writeFileSync(join(dir, f), data);
          const path = seed.file ? join(dir, seed.file) : dir;
          const opts = {
            ...(c.auto ? {} : { format: seed.format }),
            lenient: c.lenient,
            ...(c.maxLineBytes === null ? {} : { maxLineBytes: c.maxLineBytes }),
          };
          try {
            const { dataset, report } = await withinMs(loadDatasetWithReport(path, opts), 10_000, 'read');
            checkDataset(dataset, report);
          } catch (err) {
            if (err instanceof assert.AssertionError) throw err;
            assert.ok(
              err instanceof GnnrecError,
              `not a clean error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
            );
            const m = err.message;
            assert.ok(!m.includes('\n'), `a one-line message: ${JSON.stringify(m.slice(0, 400))}`);
            assert.ok(m.length <= 400 + dir.length, `a short message (${m.length}): ${m.slice(0, 400)}`);
            assert.ok(m.includes(basename(dir)), `the message names the file or folder: ${m}`);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
        fuzzRun(400),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);
