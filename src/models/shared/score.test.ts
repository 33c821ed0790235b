import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreRows } from './score.ts';
import { Rng } from '../../util/rng.ts';

test('scoreRows equals naive dot products for odd sizes and repeated rows', () => {
  const rng = new Rng(9);
  const d = 7,
    nq = 6,
    n = 11;
  const q = Float32Array.from({ length: nq * d }, () => rng.normal());
  const items = Float32Array.from({ length: n * d }, () => rng.normal());
  const rows = new Int32Array([5, 0, 2, 2, 1, 3, 4]);
  const out = new Float32Array(rows.length * n);
  scoreRows(q, rows, items, n, d, out);
  for (let r = 0; r < rows.length; r++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += q[rows[r] * d + c] * items[i * d + c];
      assert.ok(Math.abs(out[r * n + i] - s) < 1e-5);
    }
  }
});
