import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.ts';
import { backward, rowDot, sum, square, add, tidy } from '../tensor/index.ts';
import { Embedding, Adam, Parameter, normal } from './index.ts';

function stepOn(emb: Embedding, opt: Adam, ids: number[], dense = false): void {
  tidy(() => {
    opt.zeroGrad();
    const e = emb.forward(Int32Array.from(ids));
    let loss = sum(rowDot(e, e));
    if (dense) loss = add(loss, sum(square(emb.weight)));
    backward(loss);
    opt.step();
  });
}

test('lazy Adam updates only gathered rows and matches dense Adam on them at the first step', () => {
  const rng = new Rng(4);
  const a = new Embedding(50, 6, normal(rng, 1));
  const b = new Embedding(50, 6, normal(rng, 1));
  b.weight.data.set(a.weight.data);
  const lazy = new Adam(a.parameters(), { lr: 0.1, lazy: true });
  const dense = new Adam(b.parameters(), { lr: 0.1 });
  stepOn(a, lazy, [3, 7, 3]);
  stepOn(b, dense, [3, 7, 3]);
  assert.deepEqual(a.weight.data, b.weight.data);
  const before = a.weight.toArray();
  stepOn(a, lazy, [11, 12]);
  for (let r = 0; r < 50; r++) {
    const row = (t: Float32Array): number[] => Array.from(t.subarray(r * 6, r * 6 + 6));
    if (r === 11 || r === 12) assert.notDeepEqual(row(a.weight.data), row(before));
    else assert.deepEqual(row(a.weight.data), row(before), `row ${r} must not move`);
  }
  lazy.zeroGrad();
  assert.ok(
    a.weight.grad?.every((v) => v === 0),
    'zeroGrad clears gathered rows',
  );
});

test('lazy Adam falls back to a dense update when a dense term touches the table', () => {
  const rng = new Rng(5);
  const a = new Embedding(20, 4, normal(rng, 1));
  const opt = new Adam(a.parameters(), { lr: 0.1, lazy: true });
  const before = a.weight.toArray();
  stepOn(a, opt, [1], true);
  assert.notDeepEqual(Array.from(a.weight.data.subarray(40, 44)), Array.from(before.subarray(40, 44)));
  assert.equal(a.weight.gradRows, null);
});

test('first dense Adam steps match hand-computed PyTorch values', () => {
  const p = new Parameter(new Float32Array([1, -2]), [2]);
  const opt = new Adam([p], { lr: 0.1 });
  p.grad = new Float32Array([0.5, -4]);
  opt.step();
  // Step 1: m̂ = g, v̂ = g², update = lr · sign(g) (ε negligible).
  assert.ok(Math.abs(p.data[0] - 0.9) < 1e-6 && Math.abs(p.data[1] + 1.9) < 1e-6);
  p.grad.set([0.5, 0]);
  opt.step();
  // Step 2 for p[1]: m = 0.9·0.1·(-4) = -0.36, m̂ = -0.36/0.19; v = 0.999·0.001·16, v̂ = v/(1-0.999²).
  const mh = -0.36 / 0.19;
  const vh = (0.999 * 0.016) / (1 - 0.999 ** 2);
  assert.ok(Math.abs(p.data[1] - (-1.9 - (0.1 * mh) / Math.sqrt(vh))) < 1e-5);
});
