import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBipartite } from './bipartite.ts';
import { normalizeBipartite } from './normalize.ts';

test('D^-1/2 A D^-1/2 weights are 1/sqrt(du di), both blocks agree', () => {
  // u0: i0,i1; u1: i1 (duplicate edge collapses) → du = [2,1], di = [1,2]
  const g = buildBipartite(2, 3, new Int32Array([0, 0, 1, 1]), new Int32Array([0, 1, 1, 1]));
  const n = normalizeBipartite(g);
  assert.deepEqual(Array.from(n.userItems.indices), [0, 1, 1]);
  const w = Array.from(n.userItems.values ?? []);
  assert.ok(Math.abs(w[0] - 1 / Math.sqrt(2)) < 1e-7);
  assert.ok(Math.abs(w[1] - 1 / 2) < 1e-7);
  assert.ok(Math.abs(w[2] - 1 / Math.sqrt(2)) < 1e-7);
  assert.deepEqual(Array.from(n.itemUsers.indptr), [0, 1, 3, 3]);
  const wt = Array.from(n.itemUsers.values ?? []);
  assert.ok(Math.abs(wt[1] - 1 / 2) < 1e-7 && Math.abs(wt[2] - 1 / Math.sqrt(2)) < 1e-7);
});
