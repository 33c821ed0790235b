import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../../data/synthetic.ts';
import { randomSplit } from '../../data/splits.ts';
import { selectInteractions } from '../../data/select.ts';
import { Rng } from '../../util/rng.ts';
import { ConfigError } from '../schema.ts';
import { openModelFolder } from '../io/open-folder.ts';
import '../index.ts';
import { RatingBlend } from './model.ts';
import { fitBlendWeights } from './weights.ts';

const ds = generateSynthetic({ users: 150, items: 50, seed: 5, interactionsPerUser: 30 });
const split = randomSplit(ds.interactions.user.length, [0.8, 0.1, 0.1], new Rng(5));
const train = selectInteractions(ds.interactions, split.train);
const val = selectInteractions(ds.interactions, split.val);
const testPart = selectInteractions(ds.interactions, split.test);
const data = { numUsers: ds.users.size, numItems: ds.items.size, train, val, dataset: ds };
// Two different members, small enough for a unit test.
const CONFIG = {
  members: {
    'hetero-sage': {
      hidden: 8,
      userDim: 8,
      epochs: 40,
      patience: 0,
      featureCache: '',
      features: { title: 'none' },
    },
    svdpp: { factors: 4, epochs: 40, lr: 0.01, initStd: 0.05 },
  },
};

function rmse(p: Float32Array, t: Float32Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += (p[k] - t[k]) ** 2;
  return Math.sqrt(s / p.length);
}

test('fitBlendWeights recovers planted weights; no ratings → the average', () => {
  const rng = new Rng(3);
  const a = Float32Array.from({ length: 500 }, () => rng.uniform() * 4 + 1);
  const b = Float32Array.from({ length: 500 }, () => rng.uniform() * 4 + 1);
  const t = a.map((x, i) => 0.5 + 0.3 * x + 0.6 * b[i]);
  const w = fitBlendWeights([a, b], t, 0);
  assert.ok(Math.abs(w.intercept - 0.5) < 1e-3 && Math.abs(w.weights[0] - 0.3) < 1e-4, JSON.stringify(w));
  assert.ok(Math.abs(w.weights[1] - 0.6) < 1e-4);
  assert.deepEqual(fitBlendWeights([a, b], new Float32Array(0)), { intercept: 0, weights: [0.5, 0.5] });
});

test('rating-blend: validation RMSE no worse than any member; save → openModelFolder predicts the same', async () => {
  const m = new RatingBlend(ds.users.size, ds.items.size, CONFIG);
  const rep = await m.fit(data, { seed: 1 });
  assert.equal(m.members.length, 2);
  assert.equal(rep.curve.length, 1, 'one step for the caller: the finished blend');
  const blendVal = rmse(m.predict(val.user, val.item), val.rating);
  // Least squares on validation contains each member alone (weight 1, intercept 0) among its candidates.
  for (const member of m.members) {
    const own = rmse(member.predict(val.user, val.item), val.rating);
    assert.ok(blendVal <= own + 1e-4, `${member.kind}: blend ${blendVal} vs member ${own}`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-blend-'));
  try {
    await m.save(dir);
    const { model: back } = await openModelFolder(dir);
    assert.equal(back.kind, 'rating-blend');
    assert.deepEqual(
      (back as RatingBlend).predict(testPart.user, testPart.item),
      m.predict(testPart.user, testPart.item),
    );
    assert.deepEqual(back.recommend(Int32Array.of(2), { k: 4 }), m.recommend(Int32Array.of(2), { k: 4 }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('rating-blend: members must be rating kinds with valid configs (error names the key)', () => {
  assert.throws(
    () => new RatingBlend(3, 3, { members: { popular: {} } }),
    (e: unknown) => e instanceof ConfigError && /members\.popular/.test(e.message),
  );
  assert.throws(
    () => new RatingBlend(3, 3, { members: { svdpp: { factors: 0 } } }),
    (e: unknown) => e instanceof ConfigError && /factors/.test(e.message),
  );
  assert.throws(() => new RatingBlend(3, 3, { members: {} }), ConfigError);
});

test('rating-blend: KIND#LABEL members are separate fits of one kind (seeds differ), saved and reloaded', async () => {
  const svd = { factors: 4, epochs: 10, lr: 0.01, initStd: 0.05 };
  const m = new RatingBlend(ds.users.size, ds.items.size, { members: { svdpp: svd, 'svdpp#b': svd } });
  await m.fit(data, { seed: 3 });
  const [a, b] = m.members.map((x) => x.predict(testPart.user, testPart.item));
  assert.notDeepEqual(a, b);
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-blend-'));
  try {
    await m.save(dir);
    const { model: back } = await openModelFolder(dir);
    assert.deepEqual(
      (back as RatingBlend).predict(testPart.user, testPart.item),
      m.predict(testPart.user, testPart.item),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.throws(
    () => new RatingBlend(3, 3, { members: { 'nope#x': {} } }),
    (e: unknown) => e instanceof ConfigError && /members\.nope#x/.test(e.message),
  );
});
