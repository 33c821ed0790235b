import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.ts';
import { generateSynthetic } from './synthetic.ts';
import {
  leaveOneOut,
  perUserSplit,
  providedSplit,
  randomSplit,
  temporalSplit,
  type Split,
} from './splits.ts';
import type { Dataset } from './types.ts';

/** Every index 0..n-1 appears in exactly one part. */
function assertPartition(s: Split, n: number): void {
  const seen = new Uint8Array(n);
  for (const part of [s.train, s.val, s.test]) {
    for (const i of part) {
      assert.ok(i >= 0 && i < n, `index ${i} out of range`);
      assert.equal(seen[i], 0, `index ${i} appears twice`);
      seen[i] = 1;
    }
  }
  assert.equal(s.train.length + s.val.length + s.test.length, n, 'split does not cover the input');
}

const ds = generateSynthetic({ users: 40, items: 60, interactionsPerUser: 7, seed: 3 });
const n = ds.interactions.user.length;
/** `ds` with a shipped split: the last 50 interactions are the test part. */
const withSplit: Dataset = {
  ...ds,
  providedSplit: {
    train: Int32Array.from({ length: n - 50 }, (_, i) => i),
    test: Int32Array.from({ length: 50 }, (_, i) => n - 50 + i),
  },
};

test('randomSplit is disjoint, covers the input, follows the ratios and the seed', () => {
  const s = randomSplit(n, [0.8, 0.1, 0.1], new Rng(1));
  assertPartition(s, n);
  assert.equal(s.train.length, 224);
  assert.equal(s.val.length, 28);
  assert.deepEqual(randomSplit(n, [0.8, 0.1, 0.1], new Rng(1)), s);
  assert.notDeepEqual(randomSplit(n, [0.8, 0.1, 0.1], new Rng(2)).test, s.test);
  assertPartition(randomSplit(0, [0.8, 0.1, 0.1], new Rng(1)), 0);
  assertPartition(randomSplit(7, [1, 0, 0], new Rng(1)), 7);
});

test('perUserSplit is disjoint, covers the input and keeps every user in training', () => {
  const s = perUserSplit(ds.interactions, [0.6, 0.2, 0.2], new Rng(5));
  assertPartition(s, n);
  const inTrain = new Set(Array.from(s.train, (i) => ds.interactions.user[i]));
  assert.equal(inTrain.size, 40);
  for (const u of [0, 17, 39]) {
    const count = (part: Int32Array) => Array.from(part).filter((i) => ds.interactions.user[i] === u).length;
    assert.deepEqual([count(s.train), count(s.val), count(s.test)], [4, 2, 1]);
  }
});

test('leaveOneOut holds out each user’s latest interaction and is a partition', () => {
  const s = leaveOneOut(ds.interactions, new Rng(9));
  assertPartition(s, n);
  assert.equal(s.test.length, 40);
  assert.equal(s.val.length, 40);
  const ts = ds.interactions.timestamp!;
  for (const t of s.test) {
    const u = ds.interactions.user[t];
    for (let i = 0; i < n; i++) if (ds.interactions.user[i] === u) assert.ok(ts[i]! <= ts[t]!);
  }
  const noTs = { ...ds.interactions, timestamp: null };
  assertPartition(leaveOneOut(noTs, new Rng(9)), n);
  const one = {
    user: Int32Array.of(0, 1, 1),
    item: Int32Array.of(0, 0, 1),
    rating: Float32Array.of(1, 1, 1),
    timestamp: null,
  };
  const s1 = leaveOneOut(one, new Rng(1));
  assertPartition(s1, 3);
  assert.equal(s1.test.length, 1);
});

test('temporalSplit puts later interactions in val/test and is a partition', () => {
  const s = temporalSplit(ds.interactions, [0.8, 0.1, 0.1]);
  assertPartition(s, n);
  const ts = ds.interactions.timestamp!;
  const maxTrain = Math.max(...Array.from(s.train, (i) => ts[i]!));
  const minTest = Math.min(...Array.from(s.test, (i) => ts[i]!));
  assert.ok(maxTrain <= minTest);
  assert.throws(() => temporalSplit({ ...ds.interactions, timestamp: null }, [0.8, 0.1, 0.1]), /timestamps/);
});

test('providedSplit returns the shipped parts and can carve a validation set', () => {
  const s = providedSplit(withSplit);
  assertPartition(s, n);
  assert.equal(s.val.length, 0);
  const v = providedSplit(withSplit, { valRatio: 0.1, rng: new Rng(1) });
  assertPartition(v, n);
  assert.equal(v.test.length, 50);
  assert.ok(v.val.length > 0);
  assert.throws(() => providedSplit(ds), /no provided/);
});

test('providedSplit with valUsers carves from that many users only, each keeping a training item', () => {
  const user = ds.interactions.user;
  const v = providedSplit(withSplit, { valRatio: 0.25, valUsers: 5, rng: new Rng(3) });
  assertPartition(v, n);
  assert.equal(v.test.length, 50);
  const valUsers = new Set(Array.from(v.val, (i) => user[i]!));
  assert.equal(valUsers.size, 5);
  for (const u of valUsers) {
    const tr = Array.from(v.train).filter((i) => user[i] === u).length;
    const va = Array.from(v.val).filter((i) => user[i] === u).length;
    assert.ok(tr >= 1, `user ${u} keeps a training item`);
    assert.equal(va, Math.min(tr + va - 1, Math.max(1, Math.round((tr + va) * 0.25))));
  }
  // Same seed, same carve; another seed, another carve.
  assert.deepEqual(providedSplit(withSplit, { valRatio: 0.25, valUsers: 5, rng: new Rng(3) }).val, v.val);
  assert.notDeepEqual(providedSplit(withSplit, { valRatio: 0.25, valUsers: 5, rng: new Rng(4) }).val, v.val);
});
