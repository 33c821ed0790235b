import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../data/synthetic.ts';
import { getProtocol } from '../eval/index.ts';
import { trainRun } from './index.ts';

const ds = generateSynthetic({ users: 40, items: 60, seed: 2, interactionsPerUser: 12 });

test("trainRun fits on a caller's prepared setup as on its own, and refuses a setup of another protocol or seed", async () => {
  const setup = getProtocol('seed001').prepare(ds, 5);
  const given = await trainRun({ kind: 'graph-filter', setup, seed: 5 });
  const own = await trainRun({ kind: 'graph-filter', dataset: ds, protocol: 'seed001', seed: 5 });
  assert.equal(given.setup, setup);
  assert.equal(given.dataset, ds);
  assert.equal(given.summary.protocol, 'seed001');
  assert.ok(given.summary.metrics.test['recall@20']! > 0);
  assert.deepEqual(given.summary.metrics, own.summary.metrics);
  await assert.rejects(
    trainRun({ kind: 'graph-filter', dataset: ds, setup, seed: 6 }),
    /seed 5, not 'seed001' seed 6/,
  );
  await assert.rejects(
    trainRun({ kind: 'graph-filter', dataset: ds, setup, protocol: 'full', seed: 5 }),
    /protocol 'seed001'/,
  );
});
