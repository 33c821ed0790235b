import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseAdam } from './adam.ts';

test('first Adam steps match hand-computed PyTorch values', () => {
  const p = new Float32Array([1, -2]);
  const opt = new DenseAdam(2, 0.1);
  opt.step(p, new Float32Array([0.5, -4]));
  // Step 1: m̂ = g, v̂ = g², update = lr · sign(g) (ε negligible).
  assert.ok(Math.abs(p[0] - 0.9) < 1e-6 && Math.abs(p[1] + 1.9) < 1e-6);
  opt.step(p, new Float32Array([0.5, 0]));
  // Step 2 for p[1]: m = 0.9·0.1·(-4) = -0.36, m̂ = -0.36/0.19; v = 0.999·0.001·16, v̂ = v/(1-0.999²).
  const mh = -0.36 / 0.19;
  const vh = (0.999 * 0.016) / (1 - 0.999 ** 2);
  assert.ok(Math.abs(p[1] - (-1.9 - (0.1 * mh) / Math.sqrt(vh))) < 1e-5);
});
