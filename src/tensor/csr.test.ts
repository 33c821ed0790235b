import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrFromCoo, csrTranspose, csrNnz, csrRow, csrStackRows } from './csr.ts';
import { Rng } from '../util/rng.ts';

function dense(rows: number, cols: number, r: Int32Array, c: Int32Array, v: Float32Array): Float64Array {
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < r.length; i++) d[r[i] * cols + c[i]] += v[i];
  return d;
}

test('csrFromCoo sums duplicates, sorts columns, and transposes back', () => {
  const rng = new Rng(3);
  const rows = 37,
    cols = 150,
    n = 3000;
  const r = Int32Array.from({ length: n }, () => rng.int(rows));
  const c = Int32Array.from({ length: n }, () => rng.int(cols));
  const v = Float32Array.from({ length: n }, () => rng.int(5) + 1);
  const a = csrFromCoo(rows, cols, r, c, v);
  const d = dense(rows, cols, r, c, v);
  const got = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      if (p > a.indptr[i]) assert.ok(a.indices[p - 1] < a.indices[p], 'sorted, unique columns');
      got[i * cols + a.indices[p]] = a.values ? a.values[p] : 1;
    }
  }
  assert.deepEqual(got, d);
  const t = csrTranspose(csrTranspose(a));
  assert.deepEqual(t.indptr, a.indptr);
  assert.deepEqual(t.indices, a.indices);
  assert.equal(csrNnz(a), a.indices.length);
});

test('csrFromCoo rejects out-of-range indices', () => {
  assert.throws(() => csrFromCoo(2, 2, Int32Array.of(2), Int32Array.of(0)), /row 2 out of range/);
});

test('csrRow is a view of one row', () => {
  const a = csrFromCoo(3, 4, Int32Array.of(0, 2, 2), Int32Array.of(1, 0, 3));
  assert.deepEqual(Array.from(csrRow(a, 2)), [0, 3]);
  assert.equal(csrRow(a, 1).length, 0);
  assert.equal(csrRow(a, 0).buffer, a.indices.buffer);
});

test('csrStackRows concatenates the chosen rows of several matrices, skipping rows a matrix lacks', () => {
  const a = csrFromCoo(3, 10, Int32Array.of(0, 1, 1, 2), Int32Array.of(4, 2, 7, 9));
  const b = csrFromCoo(2, 10, Int32Array.of(0, 1), Int32Array.of(5, 3));
  const s = csrStackRows([a, b], Int32Array.of(2, 1, 1, 0), 10);
  assert.equal(s.rows, 4);
  assert.equal(s.cols, 10);
  assert.deepEqual(Array.from(s.indptr), [0, 1, 4, 7, 9]);
  assert.deepEqual(Array.from(s.indices), [9, 2, 7, 3, 2, 7, 3, 4, 5]);
  assert.equal(s.values, null);
});
