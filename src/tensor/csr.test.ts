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

/** Same length and bytes (a typed array's deepEqual is slow at millions of entries). */
function same(a: Int32Array | Float32Array, b: Int32Array | Float32Array): boolean {
  const bytes = (x: Int32Array | Float32Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return a.length === b.length && bytes(a).equals(bytes(b));
}

/** The canonical CSR by a stable sort of the triples on (row, column), duplicates summed in input order in float32. */
function referenceCsr(
  rows: number,
  r: Int32Array,
  c: Int32Array,
  v: Float32Array | null,
): { indptr: number[]; indices: number[]; values: number[] } {
  const order = Array.from(r, (_, i) => i).sort((a, b) => r[a]! - r[b]! || c[a]! - c[b]!);
  const indptr = new Array<number>(rows + 1).fill(0);
  const indices: number[] = [];
  const values: number[] = [];
  let last = -1;
  for (const i of order) {
    const key = r[i]! * 1e7 + c[i]!;
    const x = v ? v[i]! : 1;
    if (key === last) values[values.length - 1] = Math.fround(values[values.length - 1]! + x);
    else {
      indices.push(c[i]!);
      values.push(x);
      indptr[r[i]! + 1]!++;
    }
    last = key;
  }
  for (let i = 0; i < rows; i++) indptr[i + 1]! += indptr[i]!;
  return { indptr, indices, values };
}

test('csrFromCoo of large inputs (the counting-sort path) equals a stable sort, duplicates summed in input order', () => {
  const rng = new Rng(11);
  // Rows and columns above 65 536 keys, so both scatters go through their staged rounds (bands of 4 096 keys).
  const rows = 70_000,
    cols = 80_000,
    n = 150_000;
  // Power-law-ish rows (long ones too) in input order, some pairs repeated with values whose float32 sum depends on order.
  const r = Int32Array.from({ length: n }, () => Math.floor(rows * rng.uniform() ** 3));
  const c = Int32Array.from({ length: n }, () => rng.int(cols));
  for (let i = 0; i < 3000; i++) {
    const j = rng.int(n);
    r[i] = r[j]!;
    c[i] = c[j]!;
  }
  const v = Float32Array.from({ length: n }, () => (rng.uniform() - 0.5) * 10 ** rng.int(8));
  const want = referenceCsr(rows, r, c, v);
  const a = csrFromCoo(rows, cols, r, c, v);
  assert.ok(same(a.indptr, Int32Array.from(want.indptr)));
  assert.ok(same(a.indices, Int32Array.from(want.indices)));
  assert.ok(same(a.values!, Float32Array.from(want.values)));
  // Without values: the pattern, counts where pairs repeat, and null values when none repeat.
  const b = csrFromCoo(rows, cols, r, c);
  const wantB = referenceCsr(rows, r, c, null);
  assert.ok(same(b.indices, Int32Array.from(wantB.indices)));
  assert.ok(same(b.values!, Float32Array.from(wantB.values)));
  assert.ok(wantB.values.some((x) => x > 1));
  const seen = new Set<number>();
  const keep = Array.from(r, (_, i) => i).filter((i) => {
    const key = r[i]! * cols + c[i]!;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const ur = Int32Array.from(keep, (i) => r[i]!);
  const uc = Int32Array.from(keep, (i) => c[i]!);
  const u = csrFromCoo(rows, cols, ur, uc);
  assert.ok(ur.length >= 1 << 16);
  assert.equal(u.values, null);
  assert.ok(same(u.indices, Int32Array.from(referenceCsr(rows, ur, uc, null).indices)));
});

test('csrTranspose of a large matrix (staged rounds by band of columns) equals the direct scatter', () => {
  const rng = new Rng(5);
  // 4.5 M entries: more than one staging round (4 Mi entries); 70 000 columns: staged, several bands.
  const rows = 60_000,
    cols = 70_000,
    perRow = 75;
  const indptr = Int32Array.from({ length: rows + 1 }, (_, i) => i * perRow);
  // Some empty rows: shift every 7th row's entries to the next row.
  for (let i = 7; i < rows; i += 7) indptr[i] = indptr[i - 1]!;
  const nnz = indptr[rows]!;
  const indices = new Int32Array(nnz);
  for (let i = 0; i < rows; i++) {
    const s = indptr[i]!,
      e = indptr[i + 1]!;
    for (let p = s; p < e; p++) indices[p] = Math.floor((cols * rng.uniform() ** 2 + (p - s) * 401) % cols);
    indices.subarray(s, e).sort();
  }
  const values = Float32Array.from({ length: nnz }, () => rng.uniform());
  const a = { rows, cols, indptr, indices, values };
  const t = csrTranspose(a);
  const fill = new Int32Array(cols + 1);
  for (let p = 0; p < nnz; p++) fill[indices[p]! + 1]!++;
  for (let j = 0; j < cols; j++) fill[j + 1]! += fill[j]!;
  assert.deepEqual(t.indptr, fill);
  const wantIdx = new Int32Array(nnz);
  const wantVal = new Float32Array(nnz);
  for (let i = 0; i < rows; i++)
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
      const q = fill[indices[p]!]!++;
      wantIdx[q] = i;
      wantVal[q] = values[p]!;
    }
  assert.ok(nnz > 1 << 22);
  assert.ok(same(t.indices, wantIdx));
  assert.ok(same(t.values!, wantVal));
  assert.equal(t.rows, cols);
  assert.equal(t.cols, rows);
});
