import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/rng.ts';
import { Tensor } from '../tensor.ts';
import { topk } from './topk.ts';

test('topk agrees with a full sort (ties by lower index, −∞ and NaN last) on random rows', () => {
  const seed = Math.floor(Math.random() * 2 ** 31);
  const rng = new Rng(seed);
  for (let trial = 0; trial < 50; trial++) {
    const rows = 1 + rng.int(4),
      m = 1 + rng.int(60),
      k = 1 + rng.int(70);
    const data = Float32Array.from({ length: rows * m }, () => {
      const u = rng.int(10);
      return u === 0 ? -Infinity : u === 1 ? NaN : rng.int(8); // many ties
    });
    const r = topk(Tensor.from(data, [rows, m]), k);
    const kk = Math.min(k, m);
    for (let row = 0; row < rows; row++) {
      const key = (j: number): number => {
        const v = data[row * m + j];
        return Number.isNaN(v) ? -Infinity : v;
      };
      const want = Array.from({ length: m }, (_, j) => j)
        .sort((a, b) => key(b) - key(a) || a - b)
        .slice(0, kk);
      assert.deepEqual(Array.from(r.indices.subarray(row * kk, row * kk + kk)), want, `seed ${seed}`);
    }
  }
});
