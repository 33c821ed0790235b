import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainData } from '../recommender.ts';
import { randomTrainData } from '../shared/train.fixture.ts';
import { SpectralFilter } from './model.ts';
import { spectralFilterFactory } from './factory.ts';
import type { SpectralFilterConfig } from './config.ts';

const U = 40,
  I = 55;

function randomData(seed: number): TrainData {
  return randomTrainData(seed, U, I);
}

/** The filter of the model's doc computed densely from R, with V and σ taken from the fitted model. */
function denseReference(m: SpectralFilter, c: SpectralFilterConfig): Float64Array {
  const R = new Float64Array(U * I);
  for (let u = 0; u < U; u++)
    for (let p = m.seen.indptr[u]; p < m.seen.indptr[u + 1]; p++) R[u * I + m.seen.indices[p]] = 1;
  const du = new Float64Array(U),
    di = new Float64Array(I);
  for (let u = 0; u < U; u++)
    for (let i = 0; i < I; i++) {
      du[u] += R[u * I + i];
      di[i] += R[u * I + i];
    }
  const dIn = Float64Array.from(di, (d) => (d > 0 ? Math.pow(d + c.degreeShift, -c.itemExp) : 0));
  const Rn = R.map((x, idx) =>
    x ? Math.pow(du[Math.floor(idx / I)] + c.degreeShift, -c.userExp) * dIn[idx % I] : 0,
  );
  const P = new Float64Array(I * I);
  for (let u = 0; u < U; u++)
    for (let i = 0; i < I; i++) for (let j = 0; j < I; j++) P[i * I + j] += Rn[u * I + i] * Rn[u * I + j];
  const { v, rank } = (m as unknown as { basis: { v: Float32Array; rank: number } }).basis;
  const sv = m.singularValues;
  const k = c.rank > 0 ? Math.min(c.rank, rank) : rank;
  const L = new Float64Array(I * I);
  for (let i = 0; i < I; i++)
    for (let j = 0; j < I; j++) {
      if (!di[j]) continue;
      let s = 0;
      for (let t = 0; t < k; t++) s += v[i * rank + t] * Math.pow(sv[t] / sv[0], c.power) * v[j * rank + t];
      L[i * I + j] = dIn[i] * s * Math.pow(di[j] + c.degreeShift, c.outExp);
    }
  // The low-rank term's user weight (d_u / d̄)^κ, d̄ the geometric mean of the positive user degrees.
  let logSum = 0,
    users = 0;
  for (let u = 0; u < U; u++)
    if (du[u] > 0) {
      logSum += Math.log(du[u]);
      users++;
    }
  const dBar = Math.exp(logSum / users);
  const out = new Float64Array(U * I);
  for (let u = 0; u < U; u++) {
    const wu = du[u] > 0 ? Math.pow(du[u] / dBar, c.lowRankUserExp) : 1;
    const low = new Float64Array(I),
      lin = new Float64Array(I);
    for (let i = 0; i < I; i++) {
      if (!R[u * I + i]) continue;
      const y = c.linearInput === 'normalized' ? dIn[i] : 1;
      for (let j = 0; j < I; j++) {
        low[j] += L[i * I + j];
        lin[j] += y * P[i * I + j];
      }
    }
    const sl = c.rowNorm ? low.reduce((a, b) => a + b, 0) : 1;
    const sh = c.rowNorm ? lin.reduce((a, b) => a + b, 0) : 1;
    for (let j = 0; j < I; j++) out[u * I + j] = (wu * low[j]) / sl + (c.gamma * lin[j]) / sh;
  }
  return out;
}

const settings: Array<Record<string, unknown>> = [
  { fitRank: 8, maxRankFraction: 1 },
  {
    fitRank: 8,
    maxRankFraction: 1,
    rank: 5,
    power: 1.5,
    outExp: 0,
    gamma: 0.7,
    linearInput: 'normalized',
    rowNorm: true,
    userExp: 0.4,
    itemExp: 0.3,
    degreeShift: 2,
  },
  {
    fitRank: 8,
    maxRankFraction: 1,
    power: 0,
    outExp: 0.5,
    gamma: 2,
    linearInput: 'raw',
    lowRankUserExp: 0.7,
  },
  { fitRank: 8, maxRankFraction: 1, rowNorm: true, lowRankUserExp: -0.5 },
];

for (const cfg of settings) {
  test(`spectral-filter: block scoring equals the dense filter ${JSON.stringify(cfg)}`, async () => {
    const m = new SpectralFilter(U, I, { ...cfg, blockSize: 7, threads: 1 });
    await m.fit(randomData(3), { seed: 1 });
    const ref = denseReference(m, m.config);
    const got = m.scoreUsers(Int32Array.from({ length: U }, (_, u) => u));
    let worst = 0;
    for (let x = 0; x < ref.length; x++)
      worst = Math.max(worst, Math.abs(got[x] - ref[x]) / (1e-3 + Math.abs(ref[x])));
    assert.ok(worst < 2e-3, `max relative error ${worst}`);
  });
}

test('spectral-filter: contributions are exact, fold-in of a user equals their scores, save → load is identical', async () => {
  const m = new SpectralFilter(U, I, {
    fitRank: 8,
    maxRankFraction: 1,
    power: 1,
    gamma: 0.5,
    rowNorm: true,
    linearInput: 'normalized',
    threads: 1,
  });
  await m.fit(randomData(5), { seed: 2 });
  const u = 4;
  const hist = m.history(u);
  const scores = m.scoreUsers(Int32Array.of(u));
  for (const item of [0, 10, 30]) {
    const e = m.contributions(hist, item);
    assert.equal(e.contributions.length, hist.length);
    const sum = e.contributions.reduce((a, c) => a + c.weight, 0);
    assert.ok(
      Math.abs(sum - scores[item]) < 1e-5 * (1 + Math.abs(scores[item])),
      `contributions ${sum} vs score ${scores[item]}`,
    );
  }
  const fold = m.foldIn(hist, new Float32Array(hist.length).fill(4));
  assert.deepEqual(Array.from(fold), Array.from(scores));
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-sf-'));
  try {
    await m.save(dir);
    const back = await spectralFilterFactory.load(dir);
    assert.deepEqual(back.scoreUsers(Int32Array.of(u, 7)), m.scoreUsers(Int32Array.of(u, 7)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('spectral-filter: reconfigure changes score-time settings only and matches a fresh fit', async () => {
  const data = randomData(9);
  const a = new SpectralFilter(U, I, { fitRank: 8, maxRankFraction: 1, threads: 1 });
  await a.fit(data, { seed: 1 });
  a.reconfigure({ rank: 4, power: 2, gamma: 3 });
  const b = new SpectralFilter(U, I, {
    fitRank: 8,
    maxRankFraction: 1,
    threads: 1,
    rank: 4,
    power: 2,
    gamma: 3,
  });
  await b.fit(data, { seed: 1 });
  const users = Int32Array.from({ length: U }, (_, u) => u);
  assert.deepEqual(a.scoreUsers(users), b.scoreUsers(users));
  assert.throws(() => a.reconfigure({ itemExp: 0.3 }), /itemExp is fixed at fit time/);
  assert.throws(() => new SpectralFilter(U, I, { gamma: -1 }), /'gamma' must be a number ≥ 0, got -1/);
});
