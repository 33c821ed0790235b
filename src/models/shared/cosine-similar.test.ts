import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosineSimilarItems } from './cosine-similar.ts';

// Five items in 2-d: item 1 points the way item 0 does (twice as long), item 4 is zero (norm counted as 1); equal
// scores rank by the lower index.
const emb = Float32Array.from([1, 0, 2, 0, 1, 1, 0, 1, 0, 0]);

test('cosine top-K: nearest by angle, the query itself left out, the same with a caller-given row dot', () => {
  const plain = cosineSimilarItems(emb, 5, 2, Int32Array.of(0, 3), 3);
  assert.deepEqual(Array.from(plain.items), [1, 2, 3, 2, 0, 1]);
  assert.ok(Math.abs(plain.scores[0] - 1) < 1e-6);
  assert.ok(Math.abs(plain.scores[1] - Math.SQRT1_2) < 1e-6);
  const rowDot = (q: number, out: Float32Array): void => {
    for (let i = 0; i < 5; i++) out[i] = emb[q * 2] * emb[i * 2] + emb[q * 2 + 1] * emb[i * 2 + 1];
  };
  const given = cosineSimilarItems(emb, 5, 2, Int32Array.of(0, 3), 3, rowDot);
  assert.deepEqual(Array.from(given.items), Array.from(plain.items));
  for (let j = 0; j < plain.scores.length; j++) assert.ok(Math.abs(given.scores[j] - plain.scores[j]) < 1e-6);
});
