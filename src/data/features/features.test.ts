import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGenres } from './genres.ts';
import { encodeType } from './category.ts';
import { encodeNumeric } from './numeric.ts';
import { hashedTitleEmbedding } from './text-hash.ts';
import { encodeItemFeatures } from './item-features.ts';
import { findTextModelWeights } from './text-minilm.ts';
import { IdMap } from '../idmap.ts';
import type { Dataset, ItemMeta } from '../types.ts';

// Rows shaped like the Kaggle anime database (anime.csv): genre list, type, episodes with "Unknown".
const ANIME: ItemMeta[] = [
  {
    title: 'Kimi no Na wa.',
    genres: ['Drama', 'Romance', 'School', 'Supernatural'],
    type: 'Movie',
    numeric: { episodes: 1, members: 200630, rating: 9.37 },
  },
  {
    title: 'Fullmetal Alchemist: Brotherhood',
    genres: ['Action', 'Adventure', 'Drama', 'Fantasy'],
    type: 'TV',
    numeric: { episodes: 64, members: 793665, rating: 9.26 },
  },
  {
    title: 'Gintama&#039;',
    genres: ['Action', 'Comedy'],
    type: 'TV',
    numeric: { episodes: 51, members: 151266, rating: 9.16 },
  },
  {
    title: 'One Piece',
    genres: ['Action', 'Adventure', 'Comedy'],
    type: 'TV',
    numeric: { episodes: null, members: 504862, rating: 8.58 },
  },
  {
    title: 'Hellsing Ultimate',
    genres: ['Action', 'Horror'],
    type: 'OVA',
    numeric: { episodes: 10, members: 297454, rating: null },
  },
  { title: 'Untitled', genres: [], numeric: { episodes: null, members: 10, rating: null, tmdbId: 5 } },
];

test('multi-hot genres: all or top-N by frequency', () => {
  const all = encodeGenres(ANIME);
  assert.equal(all.names[0], 'genre:Action'); // 4 items
  assert.equal(all.cols, 9);
  const top = encodeGenres(ANIME, { topN: 3 });
  assert.deepEqual(top.names, ['genre:Action', 'genre:Adventure', 'genre:Comedy']);
  assert.deepEqual(Array.from(top.data.subarray(3 * 3, 4 * 3)), [1, 1, 1]);
  assert.deepEqual(Array.from(top.data.subarray(5 * 3, 6 * 3)), [0, 0, 0]);
});

test('one-hot type with an all-zero row for missing types', () => {
  const t = encodeType(ANIME);
  assert.deepEqual(t.names, ['type:Movie', 'type:OVA', 'type:TV']);
  assert.deepEqual(Array.from(t.data.subarray(0, 3)), [1, 0, 0]);
  assert.deepEqual(Array.from(t.data.subarray(15, 18)), [0, 0, 0]);
});

test('numeric fields: standardised with a missing indicator; community rating excluded', () => {
  const n = encodeNumeric(ANIME);
  assert.deepEqual(n.names, ['log1p:episodes', 'episodes:missing', 'log1p:members']);
  const col = (j: number): number[] => Array.from({ length: n.rows }, (_, r) => n.data[r * n.cols + j]);
  assert.deepEqual(col(1), [0, 0, 0, 1, 0, 1]);
  const known = col(0).filter((_, r) => col(1)[r] === 0);
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  const sd = Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / known.length);
  assert.ok(Math.abs(mean) < 1e-6 && Math.abs(sd - 1) < 1e-5);
  assert.equal(col(0)[3], 0);
  const raw = encodeNumeric(ANIME, { fields: ['episodes'], log1p: false });
  assert.deepEqual(raw.names, ['episodes', 'episodes:missing']);
});

test('hashed title embedding: deterministic, unit norm, similar titles closer than dissimilar', () => {
  const titles = [
    'Toy Story (1995)',
    'Toy Story 2 (1999)',
    'Heat (1995)',
    'Pulp Fiction (1994)',
    'Gintama&#039;',
    "Gintama'",
  ];
  const a = hashedTitleEmbedding(titles);
  const b = hashedTitleEmbedding(titles);
  assert.deepEqual(a.data, b.data);
  assert.equal(a.cols, 384);
  const row = (i: number): Float32Array => a.data.subarray(i * 384, (i + 1) * 384);
  const cos = (i: number, j: number): number => row(i).reduce((s, v, k) => s + v * row(j)[k], 0);
  assert.ok(Math.abs(cos(0, 0) - 1) < 1e-5);
  assert.ok(cos(0, 1) > cos(0, 2) + 0.2, `toy story pair ${cos(0, 1)} vs ${cos(0, 2)}`);
  assert.ok(cos(0, 1) > cos(0, 3) + 0.2);
  assert.ok(cos(4, 5) > 0.99); // HTML entity decoded
  const other = hashedTitleEmbedding(titles, { seed: 1 });
  assert.notDeepEqual(other.data, a.data);
});

function fixtureDataset(): Dataset {
  return {
    name: 'anime-fixture',
    format: 'anime',
    users: new IdMap(['1', '2']),
    items: new IdMap(ANIME.map((_, i) => String(100 + i))),
    interactions: {
      user: Int32Array.of(0, 1),
      item: Int32Array.of(0, 1),
      rating: Float32Array.of(9, 7),
      timestamp: null,
    },
    itemMeta: ANIME,
    ratingRange: [1, 10],
  };
}

test('item features: concatenated, text-model fallback announced, cached by fingerprint + config', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-feat-'));
  const notices: string[] = [];
  const ds = fixtureDataset();
  const f = await encodeItemFeatures(
    ds,
    { textModel: join(dir, 'no-model') },
    { cacheDir: dir, notice: (m) => notices.push(m) },
  );
  assert.equal(findTextModelWeights(join(dir, 'no-model')), null);
  assert.equal(f.titleEncoder, 'hash');
  assert.match(notices[0], /fall back/);
  assert.equal(f.cols, 9 + 3 + 384 + 3);
  assert.equal(f.cached, false);
  const again = await encodeItemFeatures(
    ds,
    { textModel: join(dir, 'no-model') },
    { cacheDir: dir, notice: () => {} },
  );
  assert.equal(again.cached, true);
  assert.deepEqual(again.data, f.data);
  assert.deepEqual(again.names, f.names);
  const top = await encodeItemFeatures(ds, { genres: 2, title: 'none' }, { cacheDir: dir });
  assert.equal(top.cached, false);
  assert.equal(top.cols, 2 + 3 + 3);
});

test('a text-model folder whose ONNX file is unusable falls back to hashed titles with a notice', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-feat-bad-'));
  await mkdir(join(dir, 'model', 'onnx'), { recursive: true });
  await writeFile(join(dir, 'model', 'onnx', 'model_quantized.onnx'), 'not an onnx file');
  const notices: string[] = [];
  const f = await encodeItemFeatures(
    fixtureDataset(),
    { textModel: join(dir, 'model'), genres: 'none', type: false, numeric: false },
    { cacheDir: dir, notice: (m) => notices.push(m) },
  );
  assert.equal(f.titleEncoder, 'hash');
  assert.equal(f.cols, 384);
  assert.match(notices.join('\n'), /failed to load/);
  const again = await encodeItemFeatures(
    fixtureDataset(),
    { textModel: join(dir, 'model'), genres: 'none', type: false, numeric: false },
    { cacheDir: dir, notice: () => {} },
  );
  assert.equal(again.cached, false);
});
