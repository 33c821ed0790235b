import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAlias, buildAliasRows, sampleAlias } from './alias.ts';
import { Rng } from '../util/rng.ts';

test('alias table samples proportionally to the weights (zeros never drawn)', () => {
  const w = [0.5, 0, 3, 1.5, 5];
  const t = buildAlias(w);
  const rng = new Rng(9);
  const counts = new Array<number>(w.length).fill(0);
  const n = 200_000;
  for (let k = 0; k < n; k++) counts[sampleAlias(t, 0, w.length, rng)]++;
  const total = w.reduce((a, b) => a + b, 0);
  w.forEach((x, i) => assert.ok(Math.abs(counts[i] / n - x / total) < 0.005, `slot ${i}`));
  assert.equal(counts[1], 0);
});

test('row tables are independent segments; an all-zero row samples uniformly', () => {
  const t = buildAliasRows(Int32Array.of(0, 2, 4), Float32Array.of(1, 3, 0, 0));
  const rng = new Rng(1);
  let first = 0;
  let zeroRow = 0;
  for (let k = 0; k < 40_000; k++) {
    if (sampleAlias(t, 0, 2, rng) === 0) first++;
    if (sampleAlias(t, 2, 4, rng) === 0) zeroRow++;
  }
  assert.ok(Math.abs(first / 40_000 - 0.25) < 0.01);
  assert.ok(Math.abs(zeroRow / 40_000 - 0.5) < 0.015);
});
