import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.ts';
import { Tensor, backward, rowDot, sum, square, sub, matmul, tidy } from '../tensor/index.ts';
import { Parameter, Embedding, Linear, Adam, SGD, normal, bprLoss, mseLoss, xavierUniform } from './index.ts';

test('Adam matches a float64 reference of its update rule (coupled and decoupled decay)', () => {
  for (const decoupled of [false, true]) {
    const p = Parameter.fromArray([0.5, -1, 2], [3]);
    const opt = new Adam([p], { lr: 0.1, weightDecay: 0.01, decoupled });
    const ref = [0.5, -1, 2];
    const m = [0, 0, 0],
      v = [0, 0, 0];
    for (let t = 1; t <= 3; t++) {
      opt.zeroGrad();
      backward(sum(square(p))); // g = 2p
      opt.step();
      for (let i = 0; i < 3; i++) {
        let g = 2 * ref[i];
        if (!decoupled) g += 0.01 * ref[i];
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        const upd = m[i] / (1 - 0.9 ** t) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
        ref[i] -= 0.1 * (upd + (decoupled ? 0.01 * ref[i] : 0));
      }
    }
    for (let i = 0; i < 3; i++)
      assert.ok(Math.abs(p.data[i] - ref[i]) < 1e-5, `decoupled=${decoupled} ${p.data[i]} vs ${ref[i]}`);
  }
});

test('parameters created inside tidy() survive it with their storage', () => {
  const rng = new Rng(2);
  const emb = tidy(() => new Embedding(5, 3, normal(rng, 1)));
  const lin = tidy(() => new Linear(3, 2, true, rng));
  assert.equal(emb.weight.disposed, false);
  assert.equal(emb.weight.data.length, 15);
  assert.ok(emb.weight.data.some((v) => v !== 0));
  assert.equal(lin.weight.data.length, 6);
});

test('SGD with momentum fits a linear regression', () => {
  const rng = new Rng(5);
  const lin = new Linear(3, 1, true, rng, xavierUniform(rng));
  const X = Tensor.from(
    Array.from({ length: 60 }, () => rng.normal()),
    [20, 3],
  );
  const wTrue = Tensor.from([1, -2, 0.5], [3, 1]);
  const y = matmul(X, wTrue);
  const opt = new SGD(lin.parameters(), { lr: 0.05, momentum: 0.9 });
  let loss = Infinity;
  for (let i = 0; i < 200; i++) {
    loss = tidy(() => {
      opt.zeroGrad();
      const l = mseLoss(lin.forward(X), y);
      backward(l);
      opt.step();
      return l.item();
    });
  }
  assert.ok(loss < 1e-4, `loss ${loss}`);
});

test('BPR matrix factorisation ranks the positive item first', () => {
  const rng = new Rng(11);
  const users = new Embedding(4, 8, normal(rng, 0.1));
  const items = new Embedding(6, 8, normal(rng, 0.1));
  const u = Int32Array.from([0, 1, 2, 3]);
  const pos = Int32Array.from([0, 1, 2, 3]);
  const opt = new Adam([...users.parameters(), ...items.parameters()], { lr: 0.05 });
  for (let step = 0; step < 150; step++) {
    tidy(() => {
      const neg = Int32Array.from(u, (x) => (x + 1 + rng.int(5)) % 6);
      opt.zeroGrad();
      const eu = users.forward(u);
      backward(bprLoss(rowDot(eu, items.forward(pos)), rowDot(eu, items.forward(neg))));
      opt.step();
    });
  }
  const scores = matmul(users.weight, items.weight, { transB: true });
  for (let i = 0; i < 4; i++) {
    const row = Array.from(scores.data.subarray(i * 6, i * 6 + 6));
    assert.equal(row.indexOf(Math.max(...row)), i);
  }
  assert.ok(sub(users.weight, users.weight).data.every((v) => v === 0));
});
