import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../data/synthetic.ts';
import type { Dataset } from '../data/types.ts';
import { LIGHTGCN_VAL_USERS, lightgcnProtocol } from './protocols-builtin.ts';

/** A synthetic dataset with a shipped split: the last interaction of every user is its test item. */
function withProvidedSplit(users: number): Dataset {
  const ds = generateSynthetic({ users, items: 80, interactionsPerUser: 8, seed: 6 });
  const lastOf = new Map<number, number>();
  ds.interactions.user.forEach((u, i) => lastOf.set(u, i));
  const test = new Set(lastOf.values());
  const all = Array.from(ds.interactions.user, (_, i) => i);
  return {
    ...ds,
    providedSplit: { train: Int32Array.from(all.filter((i) => !test.has(i))), test: Int32Array.from(test) },
  };
}

test('lightgcn protocol keeps the shipped test part and validates on 10% of a user sample', () => {
  const ds = withProvidedSplit(LIGHTGCN_VAL_USERS + 200);
  const shippedTrain = ds.providedSplit!.train.length;
  const setup = lightgcnProtocol.prepare(ds, 1);
  assert.equal(setup.test.user.length, ds.providedSplit!.test.length);
  const valUsers = new Set(setup.val.user);
  assert.equal(valUsers.size, LIGHTGCN_VAL_USERS);
  assert.equal(setup.train.train.user.length + setup.val.user.length, shippedTrain);
  // Each sampled user gives up about a tenth of its items, so ≈ 99 % of the shipped training part still trains.
  assert.ok(setup.val.user.length >= LIGHTGCN_VAL_USERS && setup.val.user.length <= 2 * LIGHTGCN_VAL_USERS);
  const trainUsers = new Set(setup.train.train.user);
  for (const u of valUsers) assert.ok(trainUsers.has(u), `validation user ${u} keeps training items`);
  assert.deepEqual(lightgcnProtocol.prepare(ds, 1).val.item, setup.val.item);
});

test('lightgcn protocol refuses a dataset without a shipped split', () => {
  assert.throws(
    () => lightgcnProtocol.prepare(generateSynthetic({ users: 5, items: 5, seed: 1 }), 1),
    /provided train\/test split/,
  );
});
