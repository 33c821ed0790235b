// The ONNX path of the title encoder, run for real: transformers.js tokenizer → onnxruntime-node → mean pooling,
// on a hand-encoded ONNX model with a seeded random embedding table (no mocks, no network, no ../shared files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { IdMap } from '../idmap.ts';
import type { Dataset, ItemMeta } from '../types.ts';
import { encodeItemFeatures } from './item-features.ts';
import { TINY_VOCAB, writeMiniLmFixture } from './minilm-fixture.ts';
import type { MiniLmFixture } from './minilm-fixture.ts';
import { findTextModelWeights, miniLmTitleEmbedding, textModelFingerprint } from './text-minilm.ts';

const DIM = 16;

/** Titles and the WordPiece tokens the uncased BERT tokenizer must give them (padding differs by batch). */
const CASES: [string, string[]][] = [
  ['Toy Story (1995)', ['toy', 'story', '(', '1995', ')']],
  ['Heat', ['heat']],
  ['The Matrix Reloaded (2003)', ['the', 'matrix', 'reload', '##ed', '(', '2003', ')']],
  [
    'Star Wars: Episode IV - A New Hope (1977)',
    ['star', 'war', '##s', ':', 'episode', 'iv', '-', 'a', 'new', 'hope', '(', '1977', ')'],
  ],
  ['Zyzzyva', ['[UNK]']],
  ['TOY STORY (1995)', ['toy', 'story', '(', '1995', ')']],
];

/** Mean over [CLS] tokens [SEP] of word + token-type-0 embeddings, L2-normalised: what the pipeline must return. */
function expectedEmbedding(fx: MiniLmFixture, tokens: readonly string[]): Float64Array {
  const ids = ['[CLS]', ...tokens, '[SEP]'].map((t) => {
    const i = TINY_VOCAB.indexOf(t);
    assert.ok(i >= 0, t);
    return i;
  });
  const v = new Float64Array(fx.dim);
  for (const id of ids)
    for (let k = 0; k < fx.dim; k++) v[k] += (fx.words[id * fx.dim + k] + fx.types[k]) / ids.length;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function row(data: Float32Array, r: number, cols: number): number[] {
  return Array.from(data.subarray(r * cols, (r + 1) * cols));
}

function assertClose(
  actual: readonly number[],
  expected: ArrayLike<number>,
  tol: number,
  what: string,
): void {
  assert.equal(actual.length, expected.length, what);
  for (let k = 0; k < actual.length; k++)
    assert.ok(Math.abs(actual[k] - expected[k]) <= tol, `${what}[${k}]: ${actual[k]} vs ${expected[k]}`);
}

async function fixture(seed: number): Promise<MiniLmFixture> {
  return writeMiniLmFixture(join(await mkdtemp(join(tmpdir(), 'gnnrec-minilm-')), 'model'), {
    dim: DIM,
    seed,
  });
}

function moviesDataset(): Dataset {
  const meta: ItemMeta[] = CASES.map(([title], i) => ({
    title,
    genres: i % 2 === 0 ? ['Comedy'] : ['Drama'],
  }));
  return {
    name: 'minilm-fixture',
    format: 'movielens',
    users: new IdMap(['1']),
    items: new IdMap(meta.map((_, i) => String(i + 1))),
    interactions: {
      user: Int32Array.of(0),
      item: Int32Array.of(0),
      rating: Float32Array.of(4),
      timestamp: null,
    },
    itemMeta: meta,
    ratingRange: [0.5, 5],
  };
}

test('MiniLM path: tokenizer → onnxruntime → mean pooling gives the L2-normalised mean token embedding', async () => {
  const fx = await fixture(7);
  assert.equal(findTextModelWeights(fx.dir), fx.onnx);
  // Batches of 4: titles of different lengths are padded together, and the second batch is a partial one.
  const b = await miniLmTitleEmbedding(
    CASES.map(([t]) => t),
    fx.dir,
    4,
  );
  assert.ok(b);
  assert.equal(b.rows, CASES.length);
  assert.equal(b.cols, DIM);
  assert.deepEqual(
    b.names,
    Array.from({ length: DIM }, (_, k) => `title:${k}`),
  );
  CASES.forEach(([title, tokens], r) => {
    const got = row(b.data, r, DIM);
    assert.ok(Math.abs(Math.hypot(...got) - 1) <= 1e-5, `${title} is not unit length`);
    assertClose(got, expectedEmbedding(fx, tokens), 1e-5, title);
  });
  assertClose(row(b.data, 5, DIM), row(b.data, 0, DIM), 0, 'case-folded title');
  const one = await miniLmTitleEmbedding(['Heat'], fx.dir);
  assert.ok(one);
  assertClose(row(one.data, 0, DIM), row(b.data, 1, DIM), 1e-6, 'Heat alone vs in a padded batch');
});

test('MiniLM path: onnx/model_quantized.onnx is preferred and loaded (dtype q8) when present', async () => {
  const fx = await fixture(7);
  const quantized = join(fx.dir, 'onnx', 'model_quantized.onnx');
  await rename(fx.onnx, quantized);
  assert.equal(findTextModelWeights(fx.dir), quantized);
  const b = await miniLmTitleEmbedding(['Heat', 'Toy Story (1995)'], fx.dir);
  assert.ok(b);
  assertClose(row(b.data, 0, DIM), expectedEmbedding(fx, ['heat']), 1e-5, 'Heat');
  assertClose(row(b.data, 1, DIM), expectedEmbedding(fx, CASES[0][1]), 1e-5, 'Toy Story');
});

test("text model fingerprint: follows the weights' content, null without weights", async () => {
  const a = await fixture(7);
  const b = await fixture(7);
  const c = await fixture(8);
  const fa = await textModelFingerprint(a.dir);
  assert.match(fa ?? '', /^model\.onnx:[0-9a-f]{16}$/);
  assert.equal(await textModelFingerprint(b.dir), fa);
  assert.notEqual(await textModelFingerprint(c.dir), fa);
  assert.equal(await textModelFingerprint(dirname(a.dir)), null);
});

test('MiniLM path: the folder\'s tokenizer is uncased (ids of "TOY STORY" equal those of "toy story")', async () => {
  const fx = await fixture(7);
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.localModelPath = dirname(fx.dir) + '/';
  const tok = await tf.AutoTokenizer.from_pretrained(basename(fx.dir));
  const ids = (s: string): number[] => tok.encode(s);
  const want = ['[CLS]', 'toy', 'story', '(', '1995', ')', '[SEP]'].map((t) => TINY_VOCAB.indexOf(t));
  assert.deepEqual(ids('toy story (1995)'), want);
  assert.deepEqual(ids('TOY STORY (1995)'), want);
  assert.deepEqual(ids('Toy Story (1995)'), want);
});

test('encodeItemFeatures with title "minilm" uses the ONNX block; the cache key follows the model folder', async () => {
  const fx = await fixture(7);
  const other = await fixture(8);
  const cacheDir = await mkdtemp(join(tmpdir(), 'gnnrec-minilm-cache-'));
  const ds = moviesDataset();
  const notices: string[] = [];
  const notice = (m: string): void => {
    notices.push(m);
  };
  const cfg = { title: 'minilm', textModel: fx.dir, genres: 'all', type: false, numeric: false } as const;
  const f = await encodeItemFeatures(ds, cfg, { cacheDir, notice });
  assert.equal(f.titleEncoder, 'minilm');
  assert.equal(f.cached, false);
  assert.deepEqual(f.names, [
    'genre:Comedy',
    'genre:Drama',
    ...Array.from({ length: DIM }, (_, k) => `title:${k}`),
  ]);
  assert.equal(f.cols, 2 + DIM);
  assert.deepEqual(notices, []);
  CASES.forEach(([title, tokens], r) =>
    assertClose(row(f.data, r, f.cols).slice(2), expectedEmbedding(fx, tokens), 1e-5, title),
  );

  const again = await encodeItemFeatures(ds, cfg, { cacheDir, notice });
  assert.equal(again.cached, true);
  assert.equal(again.key, f.key);
  assert.deepEqual(again.data, f.data);
  const auto = await encodeItemFeatures(ds, { ...cfg, title: 'auto' }, { cacheDir, notice });
  assert.equal(auto.titleEncoder, 'minilm');

  const swapped = await encodeItemFeatures(ds, { ...cfg, textModel: other.dir }, { cacheDir, notice });
  assert.equal(swapped.titleEncoder, 'minilm');
  assert.equal(swapped.cached, false);
  assert.notEqual(swapped.key, f.key);
  assert.notDeepEqual(swapped.data, f.data);
  const hashed = await encodeItemFeatures(ds, { ...cfg, title: 'hash' }, { cacheDir, notice });
  assert.notEqual(hashed.key, f.key);
  assert.equal(hashed.cols, 2 + 384);
});

test('a truncated ONNX model falls back to hashed titles with a notice and is not cached as MiniLM', async () => {
  const fx = await fixture(7);
  const bytes = await readFile(fx.onnx);
  await writeFile(fx.onnx, bytes.subarray(0, Math.floor(bytes.byteLength / 2)));
  const cacheDir = await mkdtemp(join(tmpdir(), 'gnnrec-minilm-cache-'));
  const notices: string[] = [];
  const cfg = { title: 'minilm', textModel: fx.dir, genres: 'none', type: false, numeric: false } as const;
  const f = await encodeItemFeatures(moviesDataset(), cfg, { cacheDir, notice: (m) => notices.push(m) });
  assert.equal(f.titleEncoder, 'hash');
  assert.equal(f.cols, 384);
  assert.equal(notices.length, 1);
  assert.match(
    notices[0],
    /all-MiniLM-L6-v2 in .* failed to load \(.+\); using hashed n-gram TF-IDF title embeddings/,
  );
  const again = await encodeItemFeatures(moviesDataset(), cfg, { cacheDir, notice: () => {} });
  assert.equal(again.cached, false);
  assert.equal(again.titleEncoder, 'hash');
});
