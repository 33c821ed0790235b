import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../data/synthetic.ts';
import { fullProtocol } from './protocols-builtin.ts';

test('full protocol trains on every positive and holds nothing out', () => {
  const ds = generateSynthetic({ users: 30, items: 50, seed: 4 });
  const setup = fullProtocol.prepare(ds, 1);
  let positives = 0;
  for (const r of ds.interactions.rating) if (r >= 3.5) positives++;
  assert.ok(
    positives > 0 && positives < ds.interactions.rating.length,
    'synthetic data has both kinds of ratings',
  );
  assert.equal(setup.train.train.user.length, positives);
  assert.ok(Array.from(setup.train.train.rating).every((r) => r >= 3.5));
  assert.equal(setup.val.user.length, 0);
  assert.equal(setup.test.user.length, 0);
});
