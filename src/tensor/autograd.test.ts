import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Tensor,
  add,
  mul,
  sum,
  matmul,
  backward,
  noGrad,
  tidy,
  keep,
  gather,
  spmm,
  SparseMatrix,
} from './index.ts';

test('backward accumulates through shared inputs and across calls', () => {
  const x = Tensor.from([1, 2, 3], [3], true);
  const y = sum(mul(x, x)); // d/dx = 2x
  backward(y);
  assert.deepEqual(Array.from(x.grad ?? []), [2, 4, 6]);
  backward(sum(add(x, x))); // accumulates 2 per element
  assert.deepEqual(Array.from(x.grad ?? []), [4, 6, 8]);
});

test('noGrad records nothing and backward refuses a graph-free loss', () => {
  const w = Tensor.from([1, 2, 3, 4], [2, 2], true);
  const y = noGrad(() => sum(matmul(w, w)));
  assert.equal(y.node, null);
  assert.throws(() => backward(y), /does not require grad/);
});

test('backward releases the graph: intermediates lose node and grad', () => {
  const w = Tensor.from([1, 2], [2], true);
  const h = mul(w, w);
  backward(sum(h));
  assert.equal(h.node, null);
  assert.equal(h.grad, null);
  assert.ok(w.grad);
});

test('tidy disposes temporaries but keeps results, kept tensors and parameters', () => {
  const w = Tensor.from([1, 2, 3, 4], [2, 2], true);
  let tmp: Tensor | null = null;
  let kept: Tensor | null = null;
  let param: Tensor | null = null;
  const out = tidy(() => {
    tmp = mul(w, w);
    kept = keep(add(w, w));
    param = Tensor.zeros([2], true);
    return { loss: sum(tmp) };
  });
  assert.equal(out.loss.item(), 30);
  assert.equal((tmp as unknown as Tensor).disposed, true);
  assert.equal((kept as unknown as Tensor).disposed, false);
  assert.equal((param as unknown as Tensor).disposed, false);
  assert.equal(w.disposed, false);
});

test('gather gradient scatter-adds repeated rows; spmm gradient is Aᵀ·G', () => {
  const table = Tensor.from([1, 2, 3, 4, 5, 6], [3, 2], true);
  backward(sum(gather(table, Int32Array.from([2, 0, 2]))));
  assert.deepEqual(Array.from(table.grad ?? []), [1, 1, 0, 0, 2, 2]);
  // A = [[0, 2], [1, 0], [3, 1]]
  const A = SparseMatrix.fromCoo(
    3,
    2,
    Int32Array.from([0, 1, 2, 2]),
    Int32Array.from([1, 0, 0, 1]),
    Float32Array.from([2, 1, 3, 1]),
  );
  const x = Tensor.from([1, 1, 1, 1], [2, 2], true);
  const y = spmm(A, x);
  assert.deepEqual(Array.from(y.data), [2, 2, 1, 1, 4, 4]);
  backward(sum(y));
  assert.deepEqual(Array.from(x.grad ?? []), [4, 4, 3, 3]); // column sums of A
  assert.equal(A.t.t, A);
});

test('tidy disposes intermediates even after backward made them grad-carrying', () => {
  const w = Tensor.from([1, 2], [2], true);
  let h: Tensor | null = null;
  tidy(() => {
    h = mul(w, w);
    backward(sum(h));
  });
  assert.equal((h as unknown as Tensor).disposed, true);
  assert.equal(w.disposed, false);
  assert.deepEqual(Array.from(w.grad ?? []), [2, 4]);
});

test('a symmetric SparseMatrix is its own transpose in the gradient', () => {
  const A = SparseMatrix.fromCoo(
    2,
    2,
    Int32Array.from([0, 1, 1]),
    Int32Array.from([1, 0, 1]),
    Float32Array.from([2, 2, 3]),
    { symmetric: true },
  );
  assert.equal(A.t, A);
  const x = Tensor.from([1, 2, 3, 4], [2, 2], true);
  backward(sum(spmm(A, x)));
  assert.deepEqual(Array.from(x.grad ?? []), [2, 2, 5, 5]);
});

test('tidy refuses async functions instead of freeing under them', () => {
  assert.throws(() => tidy(async () => 1), /must be synchronous/);
});
