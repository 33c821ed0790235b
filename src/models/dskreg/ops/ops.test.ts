import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, backward, noGrad, sum, mul } from '../../../tensor/index.ts';
import { Rng } from '../../../util/rng.ts';
import { gumbelTopK } from './gumbel-topk.ts';
import { weightedGatherSum } from './weighted-gather-sum.ts';

/** Central-difference gradient of `f` at `x` compared with the tape's, entry by entry. */
function gradCheck(x: Tensor, f: () => Tensor, eps = 1e-2, tol = 2e-2): void {
  x.grad = null;
  backward(f());
  const analytic = Float32Array.from(x.grad ?? new Float32Array(x.size));
  for (let p = 0; p < x.size; p++) {
    const old = x.data[p];
    x.data[p] = old + eps;
    const up = noGrad(() => f().item());
    x.data[p] = old - eps;
    const down = noGrad(() => f().item());
    x.data[p] = old;
    const num = (up - down) / (2 * eps);
    assert.ok(
      Math.abs(num - analytic[p]) <= tol * Math.max(1, Math.abs(num)),
      `entry ${p}: numeric ${num} vs tape ${analytic[p]}`,
    );
  }
}

const segs = Int32Array.from([0, 5, 7, 7, 10]); // degrees 5, 2, 0, 3

test('gumbelTopK keeps exactly min(k, degree) edges per segment, heaviest first, inside their segment', () => {
  const rng = new Rng(3);
  const s = Tensor.from(Array.from({ length: 10 }, () => rng.normal()));
  const noise = Float32Array.from({ length: 10 }, () => rng.gumbel());
  const r = gumbelTopK(s, segs, 2, 0.5, noise);
  assert.deepEqual(Array.from(r.indptr), [0, 2, 4, 4, 6]);
  for (let v = 0; v < 4; v++) {
    for (let q = r.indptr[v]; q < r.indptr[v + 1]; q++) {
      assert.ok(r.edges[q] >= segs[v] && r.edges[q] < segs[v + 1]);
      if (q > r.indptr[v]) assert.ok(r.weights.data[q] <= r.weights.data[q - 1]);
    }
  }
  // The kept edges are the top-2 of (s + g) in each segment.
  const z = Array.from(s.data, (x, e) => x + noise[e]);
  const top = Array.from({ length: 5 }, (_, e) => e)
    .sort((a, b) => z[b] - z[a])
    .slice(0, 2);
  assert.deepEqual(Array.from(r.edges.subarray(0, 2)), top);
  // Without a mask (k ≥ degree) weights are a softmax: they sum to 1 per segment.
  const all = gumbelTopK(s, segs, 10, 1, null);
  assert.ok(Math.abs(all.weights.data.subarray(0, 5).reduce((a, b) => a + b, 0) - 1) < 1e-6);
});

test('gumbelTopK: gradient check through the masked soft weights', () => {
  const rng = new Rng(5);
  // Scores spread well apart so ±eps never changes which edges are kept.
  const s = Tensor.from(
    Array.from({ length: 10 }, (_, e) => e * 0.7 - 3 + 0.1 * rng.normal()),
    [10, 1],
    true,
  );
  const noise = Float32Array.from({ length: 10 }, () => 0.05 * rng.gumbel());
  const c = Tensor.from(
    Array.from({ length: 6 }, () => rng.normal()),
    [6, 1],
  );
  gradCheck(s, () => sum(mul(gumbelTopK(s, segs, 2, 0.7, noise).weights, c)));
});

test('weightedGatherSum: values and gradient check for h and w', () => {
  const rng = new Rng(9);
  const h = Tensor.from(
    Array.from({ length: 12 }, () => rng.normal()),
    [4, 3],
    true,
  );
  const w = Tensor.from(
    Array.from({ length: 5 }, () => rng.normal()),
    [5, 1],
    true,
  );
  const nbr = Int32Array.from([1, 3, 0, 2, 2]);
  const ptr = Int32Array.from([0, 2, 2, 5]);
  const out = noGrad(() => weightedGatherSum(h, w, nbr, ptr));
  assert.ok(Math.abs(out.data[0] - (w.data[0] * h.data[3] + w.data[1] * h.data[9])) < 1e-6);
  assert.equal(out.data[3], 0);
  const c = Tensor.from(
    Array.from({ length: 9 }, () => rng.normal()),
    [3, 3],
  );
  gradCheck(h, () => sum(mul(weightedGatherSum(h, w, nbr, ptr), c)));
  gradCheck(w, () => sum(mul(weightedGatherSum(h, w, nbr, ptr), c)));
});
