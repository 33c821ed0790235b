import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBackend, setBackend, useBackend } from '../../tensor/backend/registry.ts';
import { LightGcn } from '../lightgcn/lightgcn.ts';
import { parseLightGcnConfig } from '../lightgcn/config.ts';
import { randomTrainData } from './train.fixture.ts';
import { dot } from './score.ts';

/** Reference fold-in scores: the rating-weighted mean of the rated items' embeddings dotted with every item. */
function foldInByHand(m: LightGcn, items: Int32Array, ratings: Float32Array): Float32Array {
  const d = m.dim;
  const v = new Float32Array(d);
  let wsum = 0;
  items.forEach((i, r) => {
    wsum += Math.abs(ratings[r]);
    for (let c = 0; c < d; c++) v[c] += ratings[r] * m.itemEmb[i * d + c];
  });
  for (let c = 0; c < d; c++) v[c] /= wsum;
  return Float32Array.from({ length: m.numItems }, (_, i) => dot(v, 0, m.itemEmb, i * d, d));
}

function assertClose(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++)
    assert.ok(
      Math.abs(got[i] - want[i]) < 1e-5 * Math.max(1, Math.abs(want[i])),
      `${what}: item ${i} ${got[i]} vs ${want[i]}`,
    );
}

test('fold-in of a restored model on wasm (packed item matrix) equals the JS dot products, and a refit repacks', async () => {
  const prev = getBackend();
  await setBackend('wasm', { threads: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-foldin-'));
  try {
    const data = randomTrainData(4, 60, 90);
    const trained = new LightGcn(data.numUsers, data.numItems, { dim: 12, layers: 2, epochs: 1, batch: 256 });
    await trained.fit(data, { seed: 3 });
    await trained.save(dir);
    const m = await LightGcn.loadInto(dir, (u, i, c) => new LightGcn(u, i, parseLightGcnConfig(c)));
    const items = Int32Array.of(3, 17, 42, 88);
    const ratings = Float32Array.of(5, 4, 1, 3.5);
    const first = m.foldIn(items, ratings);
    assertClose(first, foldInByHand(m, items, ratings), 'restored model');
    // The second fold-in reuses the packing: same numbers for a different user.
    const other = Int32Array.of(0, 1);
    assertClose(
      m.foldIn(other, Float32Array.of(1, 1)),
      foldInByHand(m, other, Float32Array.of(1, 1)),
      'reuse',
    );
    // Refitting changes the item embeddings in place: the fold-in must follow them, not the old packing.
    await m.fit(data, { seed: 9 });
    const after = m.foldIn(items, ratings);
    assertClose(after, foldInByHand(m, items, ratings), 'after refit');
    assert.ok(
      after.some((s, i) => Math.abs(s - first[i]) > 1e-4),
      'the refit changed the scores',
    );
  } finally {
    useBackend(prev);
    await rm(dir, { recursive: true, force: true });
  }
});
