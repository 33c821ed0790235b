import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSageConfig, DEFAULT_SAGE_CONFIG } from './config.ts';
import { classWeightsFor, ratingClassWeights, weightedRmse } from './train.ts';
import { predictedVsTrue } from './eda.ts';

test('config: notebook defaults, CLI aliases, bad values rejected', () => {
  assert.equal(resolveSageConfig({}).hidden, 32);
  assert.equal(DEFAULT_SAGE_CONFIG.lr, 0.01);
  const c = resolveSageConfig({ dim: 64, batch: 2048, l2: 1e-5, loss: 'weighted' });
  assert.deepEqual(
    [c.hidden, c.userDim, c.batchSize, c.weightDecay, c.loss],
    [64, 64, 2048, 1e-5, 'weighted'],
  );
  assert.throws(
    () => resolveSageConfig({ loss: 'l1' }),
    /hetero-sage: config 'loss' must be one of mse, weighted, got "l1"/,
  );
  assert.throws(() => resolveSageConfig({ hidden: -1 }), /config 'hidden' must be an integer ≥ 1, got -1/);
  assert.throws(
    () => resolveSageConfig({ batchSize: 10, fanouts: [5] }),
    /config 'fanouts' must list one fanout per layer \(2\), got 1/,
  );
  assert.throws(() => resolveSageConfig({ hiden: 3 }), /config 'hiden' is not a key of hetero-sage/);
  assert.deepEqual(resolveSageConfig({ fanouts: '5,7', textModel: 'm' }).fanouts, [5, 7]);
  assert.equal((resolveSageConfig({ textModel: 'm' }).features as { textModel?: string }).textModel, 'm');
});

test('class weights: max count / count per rating value (ArangoDB notebook)', () => {
  const w = ratingClassWeights(Float32Array.of(4, 4, 4, 4, 3, 3, 1));
  assert.deepEqual(Array.from(w), [1, 1, 1, 1, 2, 2, 4]);
  assert.deepEqual(
    Array.from(classWeightsFor(Float32Array.of(4, 4, 1), Float32Array.of(1, 4, 5))),
    [2, 1, 1],
  );
  // Errors of 1 on a weight-3 example and 0 elsewhere: √(3 / 4).
  assert.ok(
    Math.abs(
      weightedRmse(Float32Array.of(2, 4), Float32Array.of(1, 4), Float32Array.of(3, 1), [0, 5]) -
        Math.sqrt(0.75),
    ) < 1e-9,
  );
});

test('predicted-vs-true table counts rounded predictions per true rating', () => {
  const t = predictedVsTrue(Float32Array.of(3.4, 3.6, 4.4, 1.2), Float32Array.of(4, 4, 4, 1));
  assert.deepEqual(t.rows, [
    { truth: 1, count: 1, predicted: { '1': 1 } },
    { truth: 4, count: 3, predicted: { '3': 1, '4': 2 } },
  ]);
});
