// The bench modes of `trainRun`: fit on train + validation, no validation, and the metrics' cut-offs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../data/synthetic.ts';
import { getProtocol } from '../eval/index.ts';
import { createModel } from '../models/index.ts';
import { fitData } from './fit-data.ts';
import { trainRun } from './train.ts';

const ds = generateSynthetic({ users: 50, items: 70, seed: 4, interactionsPerUser: 14 });

test("fitOn 'train+validation' fits what the benches fit by hand, validates nothing and says so", async () => {
  const run = await trainRun({
    kind: 'graph-filter',
    dataset: ds,
    protocol: 'seed001',
    seed: 2,
    fitOn: 'train+validation',
    cutoffs: [20],
  });
  assert.equal(run.summary['fit_on'], 'train+validation');
  assert.deepEqual(run.summary.metrics.val, {});
  assert.deepEqual(
    Object.keys(run.summary.metrics.test).sort(),
    Object.keys(run.summary.metrics.test)
      .filter((k) => k.endsWith('@20'))
      .sort(),
  );
  assert.ok(run.testSeconds >= 0);
  // The same model fitted by hand on the concatenated parts scores the test part the same.
  const setup = getProtocol('seed001').prepare(ds, 2);
  const data = fitData(setup, 'train+validation');
  assert.equal(data.train.user.length, setup.train.train.user.length + setup.val.user.length);
  assert.equal(data.val, undefined);
  const byHand = createModel('graph-filter', {}, { numUsers: data.numUsers, numItems: data.numItems });
  await byHand.fit(data, { seed: 2 });
  assert.deepEqual(setup.evaluate(byHand, 'test', [20]), run.summary.metrics.test);
  // And differs from the train-only fit (the validation interactions reached the model).
  const trainOnly = await trainRun({
    kind: 'graph-filter',
    dataset: ds,
    protocol: 'seed001',
    seed: 2,
    cutoffs: [20],
  });
  assert.equal(trainOnly.summary['fit_on'], undefined);
  assert.ok(Object.keys(trainOnly.summary.metrics.val).length > 0);
  assert.notDeepEqual(trainOnly.summary.metrics.test, run.summary.metrics.test);
});

test('validate: false trains the whole budget without validation metrics', async () => {
  const run = await trainRun({
    kind: 'mf-bpr',
    dataset: ds,
    protocol: 'seed001',
    seed: 1,
    config: { dim: 8, batch: 64, itersPerEpoch: 5 },
    epochs: 3,
    validate: false,
  });
  assert.deepEqual(run.summary.metrics.val, {});
  assert.equal(run.summary.epochs, 3);
  assert.equal(run.summary.best_epoch, 3);
  assert.ok(run.curve.every((r) => r.val === undefined));
  assert.ok(run.summary.metrics.test['recall@20'] !== undefined);
});
