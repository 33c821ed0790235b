import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat } from './detect.ts';

function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-detect-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'x\n');
  }
  return dir;
}

test('detectFormat recognises each release by its files', () => {
  const cases: Array<[string[], string]> = [
    [['ratings.csv', 'movies.csv', 'tags.csv'], 'movielens'],
    [['u.data', 'u.item'], 'movielens'],
    [['ratings.dat', 'movies.dat'], 'movielens'],
    [['anime.csv'], 'anime'],
    [['anime.csv', 'rating.csv'], 'anime'],
    [['ratings_small.csv', 'links_small.csv'], 'movies-dataset'],
    [['train.txt', 'test.txt', 'user_list.txt'], 'lightgcn'],
  ];
  for (const [files, format] of cases) {
    const dir = folder(files);
    assert.deepEqual(detectFormat(dir), { format, path: dir }, files.join('+'));
  }
});

test('a file of a known release stands for its folder; other files are generic CSV', () => {
  const dir = folder(['ratings.csv', 'movies.csv', 'other.tsv']);
  assert.deepEqual(detectFormat(join(dir, 'ratings.csv')), { format: 'movielens', path: dir });
  assert.deepEqual(detectFormat(join(dir, 'other.tsv')), { format: 'csv', path: join(dir, 'other.tsv') });
  const lg = folder(['train.txt', 'test.txt']);
  assert.deepEqual(detectFormat(join(lg, 'train.txt')), { format: 'lightgcn', path: lg });
});

test('an unzipped archive folder is looked into; unknown folders name what was expected', () => {
  const dir = folder(['ml-latest-small/ratings.csv', 'ml-latest-small/movies.csv']);
  assert.deepEqual(detectFormat(dir), { format: 'movielens', path: join(dir, 'ml-latest-small') });
  assert.throws(
    () => detectFormat(folder(['notes.md', 'a/x', 'b/y'])),
    /cannot tell the dataset format .*pass --format/,
  );
  assert.throws(() => detectFormat(join(dir, 'missing')), /no such file or folder/);
});
