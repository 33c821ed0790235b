import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomTrainData } from '../shared/train.fixture.ts';
import { GraphFilter } from '../graph-filter/model.ts';
import { SpectralFilter } from './model.ts';

const U = 40,
  I = 55;
const data = randomTrainData(7, U, I);
const users = Int32Array.from({ length: U }, (_, u) => u);

/** Largest |a − b| relative to the largest |b|. */
function relErr(a: Float32Array, b: Float32Array): number {
  let d = 0,
    m = 0;
  for (let x = 0; x < a.length; x++) {
    d = Math.max(d, Math.abs(a[x] - b[x]));
    m = Math.max(m, Math.abs(b[x]));
  }
  return d / m;
}

// At full rank V_k V_kᵀ is the projector on R̃'s row space, the same whichever SVD found it, so the spectral filter
// in GF-CF form (ε ½, p 0, out ½, γ = 1/α, raw, no row norm) must score exactly as graph-filter's BSPM-EM.
for (const sharpenT of [0, 1, 2.5])
  test(`spectral-filter sharpenT ${sharpenT} in GF-CF form equals graph-filter BSPM-EM (one Euler step) up to the scale α`, async () => {
    const alpha = 0.25;
    const gf = new GraphFilter(U, I, {
      variant: sharpenT > 0 ? 'bspm' : 'gf-cf',
      solver: 'euler',
      sharpenSteps: 1,
      sharpenT,
      alpha,
      rank: U,
      maxRankFraction: 1,
      powerIters: 4,
      threads: 1,
    });
    const sf = new SpectralFilter(U, I, {
      userExp: 0.5,
      itemExp: 0.5,
      fitRank: U,
      maxRankFraction: 1,
      powerIters: 4,
      power: 0,
      outExp: 0.5,
      gamma: 1 / alpha,
      linearInput: 'raw',
      rowNorm: false,
      sharpenT,
      threads: 1,
    });
    await gf.fit(data, { seed: 1 });
    await sf.fit(data, { seed: 2 });
    const a = gf.scoreUsers(users);
    const b = sf.scoreUsers(users).map((x) => x * alpha);
    assert.ok(relErr(b, a) < 1e-3, `relative error ${relErr(b, a)}`);
  });

test('spectral-filter sharpening is s − T·s·R̃ᵀR̃ on the unsharpened score, reconfigured without a refit', async () => {
  const sf = new SpectralFilter(U, I, { fitRank: 16, maxRankFraction: 1, threads: 1 });
  await sf.fit(data, { seed: 3 });
  const s0 = sf.scoreUsers(users);
  sf.reconfigure({ sharpenT: 1 });
  const s1 = sf.scoreUsers(users);
  sf.reconfigure({ sharpenT: 3 });
  const s3 = sf.scoreUsers(users);
  // s_T = s0 − T·g with g = s0·R̃ᵀR̃, so s3 − s0 = 3·(s1 − s0).
  const d1 = s1.map((x, i) => 3 * (x - s0[i]));
  const d3 = s3.map((x, i) => x - s0[i]);
  assert.ok(relErr(d3, d1) < 1e-3, `relative error ${relErr(d3, d1)}`);
  assert.ok(relErr(s1, s0) > 1e-2, 'sharpening changes the scores');
  // Two Euler steps of T/2 differ from one step of T (the ODE, not one linear map).
  sf.reconfigure({ sharpenT: 3, sharpenSteps: 2 });
  assert.ok(relErr(sf.scoreUsers(users), s3) > 1e-3);
});
