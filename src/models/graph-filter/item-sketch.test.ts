import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomTrainData } from '../shared/train.fixture.ts';
import { sketchOnItems } from './build.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { GraphFilter } from './model.ts';

const users = (n: number): Int32Array => Int32Array.from({ length: n }, (_, u) => u);

async function fit(U: number, I: number, config: Record<string, unknown>): Promise<GraphFilter> {
  const m = new GraphFilter(U, I, { maxRankFraction: 1, ...config });
  await m.fit(randomTrainData(9, U, I), { seed: 2 });
  return m;
}

test('the item-side sketch finds the users-side singular values and the same top-K when the sketch spans all items', async () => {
  // rank 12 + oversample 48 = 60 = items: both sketches span the whole item space, so both are exact.
  const cfg = { rank: 12, oversample: 48, powerIters: 1 };
  const a = await fit(500, 60, { ...cfg, sketch: 'users' });
  const b = await fit(500, 60, { ...cfg, sketch: 'items' });
  for (let t = 0; t < 12; t++)
    assert.ok(
      Math.abs(a.singularValues[t] - b.singularValues[t]) < 1e-4 * a.singularValues[0],
      `σ${t}: ${a.singularValues[t]} vs ${b.singularValues[t]}`,
    );
  assert.ok(a.singularValues[0] > a.singularValues[11]);
  const ra = a.recommend(users(500), { k: 10 });
  const rb = b.recommend(users(500), { k: 10 });
  let same = 0;
  for (let x = 0; x < ra.items.length; x++) if (ra.items[x] === rb.items[x]) same++;
  assert.ok(same / ra.items.length > 0.995, `same slots ${same / ra.items.length}`);
  for (let x = 0; x < ra.scores.length; x++) assert.ok(Math.abs(ra.scores[x] - rb.scores[x]) < 1e-3);
});

test('a truncated item-side sketch is at least as close to the exact singular values as the users-side one', async () => {
  // Random data has a flat spectrum, the hard case for a sketch: rank 8 + 24 of 200 items, 2 power iterations.
  const cfg = { rank: 8, oversample: 24, powerIters: 2 };
  const exact = await fit(800, 200, { rank: 8, oversample: 192, powerIters: 0, sketch: 'users' });
  const a = await fit(800, 200, { ...cfg, sketch: 'users' });
  const b = await fit(800, 200, { ...cfg, sketch: 'items' });
  for (let t = 0; t < 8; t++) {
    const ea = Math.abs(exact.singularValues[t] - a.singularValues[t]);
    const eb = Math.abs(exact.singularValues[t] - b.singularValues[t]);
    assert.ok(eb <= ea && eb < 0.05 * exact.singularValues[t], `σ${t}: items error ${eb}, users error ${ea}`);
  }
});

test('auto sketches on the item side only for large user bases that outnumber the items', () => {
  const c = DEFAULT_CONFIG;
  assert.equal(sketchOnItems(c, 20_000, 5_000, 384), false);
  assert.equal(sketchOnItems(c, 200_000, 50_000, 384), true);
  assert.equal(sketchOnItems(c, 200_000, 400_000, 384), false);
  assert.equal(sketchOnItems({ ...c, sketch: 'items' }, 10, 5, 2), true);
  assert.equal(sketchOnItems({ ...c, sketch: 'users' }, 2e6, 5e5, 384), false);
});
