import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../data/synthetic.ts';
import { randomSplit } from '../data/splits.ts';
import { assertTrainable } from '../data/trainable.ts';
import { UsageError } from '../util/errors.ts';
import { Rng } from '../util/rng.ts';
import { getProtocol } from './index.ts';

const ds = generateSynthetic({ users: 40, items: 60, seed: 4 });
const count = (t: number): number => ds.interactions.rating.filter((r) => r >= t).length;

test('positives-T-random: ratings ≥ T, 80/10/10 by the run seed (fork 1001); another seed, another split', () => {
  const p = getProtocol('positives-4-random');
  const a = p.prepare(ds, 1);
  const parts = [a.train.train, a.val, a.test];
  assert.equal(
    parts.reduce((n, x) => n + x.user.length, 0),
    count(4),
  );
  for (const x of parts) assert.ok(Array.from(x.rating).every((r) => r >= 4));
  const want = randomSplit(count(4), [0.8, 0.1, 0.1], new Rng(1).fork(1001));
  assert.equal(a.test.user.length, want.test.length);
  assert.equal(a.protocol, 'positives-4-random');
  const b = p.prepare(ds, 2);
  assert.notDeepEqual(b.test.item, a.test.item);
  assert.deepEqual(p.prepare(ds, 1).test.item, a.test.item);
});

test('positives-3.5-reference is seed001 on explicit data; unknown names list the family', () => {
  const a = getProtocol('positives-3.5-reference').prepare(ds, 3);
  const s = getProtocol('seed001').prepare(ds, 3);
  assert.deepEqual(a.train.train.item, s.train.train.item);
  assert.deepEqual(a.test.user, s.test.user);
  assert.deepEqual(a.modelDefaults, s.modelDefaults);
  assert.throws(
    () => getProtocol('positives-four-random'),
    (e: unknown) => e instanceof UsageError && /positives-T-random\|reference/.test(e.message),
  );
});

test('all: every interaction, whatever its rating, trains; nothing is held out', () => {
  const a = getProtocol('all').prepare(ds, 1);
  assert.ok(count(3.5) < ds.interactions.user.length, 'synthetic data has low ratings too');
  assert.equal(a.train.train.user.length, ds.interactions.user.length);
  assert.equal(a.val.user.length + a.test.user.length, 0);
});

test('a protocol checks the dataset against its own threshold and minimum before training', () => {
  // Twelve ratings of 3.5 and two of 4: seed001's rule (≥ 3.5, 10 of them) passes, positives-4 (≥ 4) must not.
  const small = generateSynthetic({ users: 40, items: 60, seed: 4 });
  const r = small.interactions.rating;
  for (let k = 0; k < r.length; k++) r[k] = k < 12 ? 3.5 : k < 14 ? 4 : 1;
  assert.doesNotThrow(() => assertTrainable(small, 'seed001'));
  assert.throws(
    () => assertTrainable(small, 'positives-4-random', getProtocol('positives-4-random').needs),
    /positives-4-random needs at least 10 positive interactions \(ratings ≥ 4\).*it has 2 of/,
  );
  // `all` trains on every interaction whatever its rating: ratings of 1 count.
  for (let k = 0; k < r.length; k++) r[k] = 1;
  assert.throws(() => assertTrainable(small, 'seed001'), /ratings ≥ 3\.5/);
  assert.doesNotThrow(() => assertTrainable(small, 'all', getProtocol('all').needs));
});
