import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, backward, noGrad, sum, mul } from '../../../tensor/index.ts';
import { buildBipartite } from '../../../graph/bipartite.ts';
import { normalizeBipartite } from '../../../graph/normalize.ts';
import { Rng } from '../../../util/rng.ts';
import { LgConv } from '../../layers/lgconv.ts';
import { kgItemInput } from './kg-item-input.ts';
import { lgPropagate } from './lg-propagate.ts';

/** Central-difference gradient of `f` at `x` compared with the tape's, for the listed entries. */
function gradCheck(x: Tensor, f: () => Tensor, entries: number[], eps = 1e-2, tol = 2e-2): void {
  x.grad = null;
  backward(f());
  const analytic = Float32Array.from(x.grad ?? new Float32Array(x.size));
  for (const p of entries) {
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

const rng = new Rng(21);
const rand = (n: number): number[] => Array.from({ length: n }, () => rng.normal());

for (const d of [3, 16]) {
  test(`kgItemInput (d=${d}): users copied, items get Σ w·emb[nbr]; gradient check for emb and w`, () => {
    // 2 users, 3 items, 2 entities (nodes 5, 6); item 1 has no KG edge, item 2 links to item 0 and an entity.
    const emb = Tensor.from(rand(7 * d), [7, d], true);
    const w = Tensor.from(rand(4), [4, 1], true);
    const nbr = Int32Array.from([5, 6, 2, 6]);
    const ptr = Int32Array.from([0, 2, 2, 4]);
    const out = noGrad(() => kgItemInput(emb, w, nbr, ptr, 2));
    assert.deepEqual(out.shape, [5, d]);
    for (let c = 0; c < d; c++) {
      assert.equal(out.data[d + c], emb.data[d + c]);
      assert.ok(
        Math.abs(
          out.data[2 * d + c] -
            (emb.data[2 * d + c] + w.data[0] * emb.data[5 * d + c] + w.data[1] * emb.data[6 * d + c]),
        ) < 1e-5,
      );
      assert.equal(out.data[3 * d + c], emb.data[3 * d + c]);
      assert.ok(
        Math.abs(
          out.data[4 * d + c] -
            (emb.data[4 * d + c] + w.data[2] * emb.data[2 * d + c] + w.data[3] * emb.data[6 * d + c]),
        ) < 1e-5,
      );
    }
    const c = Tensor.from(rand(5 * d), [5, d]);
    const f = (): Tensor => sum(mul(kgItemInput(emb, w, nbr, ptr, 2), c));
    gradCheck(emb, f, [0, d + 1, 2 * d, 5 * d + 2, 6 * d, 7 * d - 1]);
    gradCheck(w, f, [0, 1, 2, 3]);
  });
}

test('lgPropagate equals LgConv and its gradient is the same propagation (Â symmetric)', () => {
  const U = 3,
    I = 4,
    d = 16;
  const g = normalizeBipartite(
    buildBipartite(U, I, Int32Array.from([0, 0, 1, 2, 2, 2]), Int32Array.from([0, 1, 1, 1, 2, 3])),
  );
  const conv = new LgConv(g, 2, d);
  const x = Tensor.from(rand((U + I) * d), [U + I, d], true);
  const out = noGrad(() => lgPropagate(x, conv));
  const want = new Float32Array((U + I) * d);
  conv.apply(x.data, want);
  assert.deepEqual(Array.from(out.data), Array.from(want));
  const c = Tensor.from(rand((U + I) * d), [U + I, d]);
  gradCheck(x, () => sum(mul(lgPropagate(x, conv), c)), [0, 5, d + 3, 3 * d, 6 * d + 15]);
  assert.throws(() => lgPropagate(Tensor.from(rand(4), [2, 2]), conv), /expected \[7, 16\]/);
});
