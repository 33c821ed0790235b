import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topKRow, topKRows } from './topk.ts';
import { Rng } from '../../util/rng.ts';

test('topKRows matches a full sort, ties broken by lower index', () => {
  const rng = new Rng(5);
  const rows = 7,
    n = 300,
    k = 13;
  const s = Float32Array.from({ length: rows * n }, () => rng.int(40));
  for (let i = 0; i < 50; i++) s[rng.int(rows * n)] = -Infinity;
  const got = topKRows(s, rows, n, k);
  for (let r = 0; r < rows; r++) {
    const idx = Array.from({ length: n }, (_, j) => j)
      .filter((j) => s[r * n + j] !== -Infinity)
      .sort((a, b) => s[r * n + b] - s[r * n + a] || a - b)
      .slice(0, k);
    assert.deepEqual(Array.from(got.items.subarray(r * k, r * k + k)), idx);
    assert.deepEqual(
      Array.from(got.scores.subarray(r * k, r * k + k)),
      idx.map((j) => s[r * n + j]),
    );
  }
});

test('topKRow pads with -1 when fewer items qualify, and respects candidates', () => {
  const s = new Float32Array([1, -Infinity, 3, 2]);
  const items = new Int32Array(5);
  const sc = new Float32Array(5);
  topKRow(s, 0, 4, 5, items, sc, 0);
  assert.deepEqual(Array.from(items), [2, 3, 0, -1, -1]);
  assert.equal(sc[3], -Infinity);
  topKRow(s, 0, 4, 2, items, sc, 0, new Int32Array([0, 1, 3]));
  assert.deepEqual(Array.from(items.subarray(0, 2)), [3, 0]);
});
