// The serving top-K (the tensor backend's `topk` kernel behind `topKIndices`) against a full sort, on both backends:
// exclusions, ties, NaN and infinities, k beyond what remains.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { jsBackend } from '../tensor/backend/js/index.ts';
import { getBackend, setBackend, useBackend } from '../tensor/backend/registry.ts';
import { topKIndices } from './topk.ts';

/** What `topKIndices` promises, by a full sort: finite, not excluded, best first, ties by lower index. */
function bySort(scores: Float32Array, k: number, exclude: ReadonlySet<number>): number[] {
  return Array.from(scores.keys())
    .filter((i) => Number.isFinite(scores[i]!) && !exclude.has(i))
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, k);
}

/** Seeded scores on a coarse grid (many ties) with a few NaN and infinities. */
function scoresOf(n: number, seed: number): Float32Array {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Float32Array.from({ length: n }, () => {
    const u = next();
    if (u < 0.01) return Number.NaN;
    if (u < 0.02) return Infinity;
    if (u < 0.03) return -Infinity;
    return Math.round(next() * 50) / 10;
  });
}

const previous = getBackend();
after(() => useBackend(previous));

for (const name of ['js', 'wasm'] as const) {
  test(`topKIndices equals a full sort on the ${name} backend`, async () => {
    if (name === 'js') useBackend(jsBackend);
    else assert.equal(await setBackend('wasm', { threads: 2 }), 'wasm');
    for (const [n, k, seed] of [
      [10_000, 100, 1],
      [5000, 20, 2],
      [30, 100, 3],
      [1, 1, 4],
    ] as const) {
      const scores = scoresOf(n, seed);
      const exclude = new Set(Array.from({ length: Math.floor(n / 7) }, (_, j) => (j * 13) % n));
      const copy = scores.slice();
      assert.deepEqual(topKIndices(scores, k, exclude), bySort(scores, k, exclude), `n=${n} k=${k}`);
      assert.deepEqual(scores, copy, 'the scores are not modified');
    }
    assert.deepEqual(topKIndices(Float32Array.of(1, 2), 0, new Set()), []);
    assert.deepEqual(topKIndices(Float32Array.of(3, 1, 2), 5, new Set([0])), [2, 1]);
  });
}
