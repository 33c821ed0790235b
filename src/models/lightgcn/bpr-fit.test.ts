import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitBpr, type BprConfig, type BprTarget } from './bpr-fit.ts';
import { parseLightGcnConfig } from './config.ts';
import { Rng } from '../../util/rng.ts';
import { ConfigError } from '../schema.ts';

/** MF-BPR as a target (identity propagation) on a small random graph. */
function mf(U: number, I: number, d: number): BprTarget {
  const rng = new Rng(4);
  const e0 = Float32Array.from({ length: (U + I) * d }, () => rng.normal(0, 0.1));
  return { numUsers: U, numItems: I, dim: d, e0, final: e0.slice(), propagate: (x, out) => out.set(x) };
}
const rng = new Rng(2);
const positives = {
  user: Int32Array.from({ length: 400 }, () => rng.int(40)),
  item: Int32Array.from({ length: 400 }, () => rng.int(60)),
  rating: new Float32Array(400).fill(1),
  timestamp: null,
};
const base: BprConfig = {
  lr: 0.05,
  l2: 1e-4,
  l2Mode: 'mean',
  batch: 64,
  epochs: 6,
  itersPerEpoch: 10,
  sampling: 'edge',
  lrDecay: 1,
  lrDecayStart: 0,
};

test('both samplers train: the BPR loss falls by more than half', async () => {
  for (const sampling of ['edge', 'user'] as const) {
    const r = await fitBpr(mf(40, 60, 8), positives, { ...base, sampling }, { seed: 1 });
    assert.ok(
      r.curve[5].loss < 0.5 * r.curve[0].loss,
      `${sampling}: ${r.curve[0].loss} → ${r.curve[5].loss}`,
    );
  }
});

test('lrDecay multiplies the learning rate after every epoch', async () => {
  // With a factor of 1e-6 only the first epoch moves the weights measurably.
  const moved: number[] = [];
  const t = mf(40, 60, 8);
  let prev = t.e0.slice();
  await fitBpr(
    t,
    positives,
    { ...base, lrDecay: 1e-6 },
    {
      seed: 1,
      onEpoch: () => {
        let s = 0;
        for (let p = 0; p < prev.length; p++) s += Math.abs(t.e0[p] - prev[p]);
        moved.push(s);
        prev = t.e0.slice();
      },
    },
  );
  assert.ok(moved[0] > 1, `epoch 1 moved ${moved[0]}`);
  assert.ok(moved[2] < 1e-4 * moved[0], `epoch 3 moved ${moved[2]}`);
});

test('sampling and lrDecay options are validated', () => {
  assert.throws(
    () => parseLightGcnConfig({ sampling: 'items' }),
    /lightgcn: config 'sampling' must be one of edge, user, got "items"/,
  );
  assert.throws(
    () => parseLightGcnConfig({ lrDecay: 0 }),
    /lightgcn: config 'lrDecay' must be a number in \(0, 1\], got 0/,
  );
  assert.throws(() => parseLightGcnConfig({ lrDecay: 0 }), ConfigError);
  const c = parseLightGcnConfig({ sampling: 'edge', lrDecay: '0.99' });
  assert.equal(c.sampling, 'edge');
  assert.equal(c.lrDecay, 0.99);
  assert.equal(c.dim, 64);
});
