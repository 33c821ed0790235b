import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numpyPermutation } from './numpy-permutation.ts';

// Known answers printed by numpy 1.24.2: np.random.RandomState(seed).permutation(n).
test('numpyPermutation reproduces numpy RandomState(seed).permutation(n)', () => {
  assert.deepEqual(Array.from(numpyPermutation(10, 1)), [2, 9, 6, 4, 0, 3, 1, 7, 8, 5]);
  assert.deepEqual(Array.from(numpyPermutation(10, 42)), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
  assert.deepEqual(
    Array.from(numpyPermutation(100000, 1).subarray(0, 8)),
    [43660, 87278, 14317, 81932, 95321, 5405, 33188, 63421],
  );
  assert.deepEqual(
    Array.from(numpyPermutation(70000, 0).subarray(0, 5)),
    [10840, 56267, 14849, 62726, 47180],
  );
  // n large enough that the generator refills its 624-word state many times (the seed001 edge count's size).
  const p = numpyPermutation(80672, 1);
  assert.deepEqual(
    [...p.subarray(0, 5), ...p.subarray(-3)],
    [40871, 44827, 72731, 30417, 34129, 50057, 5192, 77708],
  );
});

test('numpyPermutation is a permutation', () => {
  const p = numpyPermutation(1000, 3);
  assert.deepEqual(
    Array.from(p).sort((a, b) => a - b),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  assert.deepEqual(Array.from(numpyPermutation(1, 1)), [0]);
  assert.equal(numpyPermutation(0, 1).length, 0);
});
