import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainData } from '../recommender.ts';
import { randomTrainData } from '../shared/train.fixture.ts';
import { GraphFilter } from './model.ts';
import { graphFilterFactory } from './factory.ts';

const U = 40,
  I = 55;

function randomData(seed: number): TrainData {
  return randomTrainData(seed, U, I);
}

/** Dense reference: s = r R̃ᵀR̃ + α r D^-½ V Vᵀ D^½ with R̃ = D_U^-½ R D_I^-½, V taken from the model. */
function denseReference(m: GraphFilter, alpha: number): Float64Array {
  const R = new Float64Array(U * I);
  for (let u = 0; u < U; u++)
    for (let p = m.seen.indptr[u]; p < m.seen.indptr[u + 1]; p++) R[u * I + m.seen.indices[p]] = 1;
  const du = new Float64Array(U),
    di = new Float64Array(I);
  for (let u = 0; u < U; u++) {
    for (let i = 0; i < I; i++) {
      du[u] += R[u * I + i];
      di[i] += R[u * I + i];
    }
  }
  const Rn = R.map((x, idx) => (x ? x / Math.sqrt(du[Math.floor(idx / I)] * di[idx % I]) : 0));
  const P = new Float64Array(I * I);
  for (let u = 0; u < U; u++)
    for (let i = 0; i < I; i++) for (let j = 0; j < I; j++) P[i * I + j] += Rn[u * I + i] * Rn[u * I + j];
  const { v, rank } = (m as unknown as { filter: { v: Float32Array; rank: number } }).filter;
  const ideal = new Float64Array(I * I);
  for (let i = 0; i < I; i++) {
    for (let j = 0; j < I; j++) {
      if (!di[i] || !di[j]) continue;
      let s = 0;
      for (let t = 0; t < rank; t++) s += v[i * rank + t] * v[j * rank + t];
      ideal[i * I + j] = (s * Math.sqrt(di[j])) / Math.sqrt(di[i]);
    }
  }
  const out = new Float64Array(U * I);
  for (let u = 0; u < U; u++)
    for (let i = 0; i < I; i++) {
      if (!R[u * I + i]) continue;
      for (let j = 0; j < I; j++) out[u * I + j] += P[i * I + j] + alpha * ideal[i * I + j];
    }
  return out;
}

test('block scoring equals the dense reference filter (blocks smaller than the batch)', async () => {
  const m = new GraphFilter(U, I, { rank: 8, alpha: 0.4, blockSize: 7 });
  await m.fit(randomData(1), { seed: 3 });
  const ref = denseReference(m, 0.4);
  const got = m.scoreUsers(Int32Array.from({ length: U }, (_, u) => u));
  for (let x = 0; x < ref.length; x++)
    assert.ok(Math.abs(got[x] - ref[x]) < 1e-5, `entry ${x}: ${got[x]} vs ${ref[x]}`);
});

test('recommend excludes seen (and extra excluded) items and ranks by score', async () => {
  const m = new GraphFilter(U, I, { rank: 6 });
  await m.fit(randomData(2), { seed: 1 });
  const users = Int32Array.from([0, 5, 17]);
  const exclude = [Int32Array.of(1, 2), new Int32Array(0), Int32Array.of(4)];
  const top = m.recommend(users, { k: 10, exclude });
  const scores = m.scoreUsers(users);
  for (let r = 0; r < users.length; r++) {
    const u = users[r];
    const seen = new Set(m.seen.indices.subarray(m.seen.indptr[u], m.seen.indptr[u + 1]));
    for (let t = 0; t < 10; t++) {
      const i = top.items[r * 10 + t];
      assert.ok(!seen.has(i), `user ${u} got seen item ${i}`);
      assert.ok(!exclude[r].includes(i));
      assert.equal(top.scores[r * 10 + t], scores[r * I + i]);
      if (t > 0) assert.ok(top.scores[r * 10 + t] <= top.scores[r * 10 + t - 1]);
    }
  }
});

test('foldIn of a user’s own items equals their scores; similarItems skips the query item', async () => {
  const m = new GraphFilter(U, I, { rank: 6 });
  await m.fit(randomData(3), { seed: 1 });
  const u = 9;
  const items = m.seen.indices.slice(m.seen.indptr[u], m.seen.indptr[u + 1]);
  const folded = m.foldIn(items, new Float32Array(items.length).fill(4));
  assert.deepEqual(Array.from(folded), Array.from(m.scoreUsers(Int32Array.of(u))));
  const sim = m.similarItems(Int32Array.of(0, 3), 5);
  assert.ok(!Array.from(sim.items.subarray(0, 5)).includes(0));
  assert.ok(!Array.from(sim.items.subarray(5, 10)).includes(3));
});

test('save → load gives identical scores (GF-CF and BSPM)', async () => {
  for (const config of [
    { rank: 5, alpha: 0.3 },
    { variant: 'bspm', rank: 5, alpha: 0.2, sharpenT: 1.5, sharpenSteps: 2 },
  ]) {
    const m = graphFilterFactory.create(config, { numUsers: U, numItems: I });
    await m.fit(randomData(4), { seed: 7 });
    const dir = await mkdtemp(join(tmpdir(), 'gnnrec-gf-'));
    try {
      await m.save(dir);
      const back = await graphFilterFactory.load(dir);
      const users = Int32Array.from({ length: U }, (_, x) => x);
      assert.deepEqual(Array.from(back.scoreUsers(users)), Array.from(m.scoreUsers(users)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});

test('BSPM sharpening matches a dense RK4 step on the item–item matrix', async () => {
  const base = new GraphFilter(U, I, { rank: 4, alpha: 0.2 });
  const bspm = new GraphFilter(U, I, {
    variant: 'bspm',
    rank: 4,
    alpha: 0.2,
    sharpenT: 1,
    sharpenSteps: 1,
    solver: 'rk4',
  });
  const data = randomData(5);
  await base.fit(data, { seed: 2 });
  await bspm.fit(data, { seed: 2 });
  const users = Int32Array.from({ length: U }, (_, x) => x);
  const s0 = base.scoreUsers(users);
  const got = bspm.scoreUsers(users);
  // RK4 on ds/dt = −sP with h = 1 is s0·(I − P + P²/2 − P³/6 + P⁴/24); P applied through the linear term of a
  // GF-CF model with α = 0 on each item as a one-hot signal.
  const lin = new GraphFilter(U, I, { rank: 0 });
  await lin.fit(data, { seed: 2 });
  const P = lin.scoreSignals(
    Array.from({ length: I }, (_, i) => ({ items: Int32Array.of(i), weights: null })),
  );
  const apply = (x: Float64Array): Float64Array => {
    const y = new Float64Array(x.length);
    for (let u = 0; u < U; u++)
      for (let i = 0; i < I; i++) {
        const xi = x[u * I + i];
        if (xi !== 0) for (let j = 0; j < I; j++) y[u * I + j] += xi * P[i * I + j];
      }
    return y;
  };
  const ref = Float64Array.from(s0);
  const coef = [-1, 1 / 2, -1 / 6, 1 / 24];
  let pow: Float64Array = Float64Array.from(s0);
  for (let d = 1; d <= 4; d++) {
    pow = apply(pow);
    for (let x = 0; x < ref.length; x++) ref[x] += coef[d - 1] * pow[x];
  }
  for (let x = 0; x < ref.length; x++)
    assert.ok(Math.abs(got[x] - ref[x]) < 1e-4, `entry ${x}: ${got[x]} vs ${ref[x]}`);
});

test('helper threads (linear term and dense product) give exactly the single-thread scores', async () => {
  const data = randomData(6);
  const one = new GraphFilter(U, I, { rank: 4, threads: 1, blockSize: 16 });
  const three = new GraphFilter(U, I, { rank: 4, threads: 3, blockSize: 16 });
  await one.fit(data, { seed: 5 });
  await three.fit(data, { seed: 5 });
  const users = Int32Array.from({ length: U }, (_, x) => x);
  assert.deepEqual(Array.from(three.scoreUsers(users)), Array.from(one.scoreUsers(users)));
});
