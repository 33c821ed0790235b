// Every registered model kind goes through the same checks on small synthetic data, so a new model
// gets the `Recommender` contract verified by adding its one registry line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../src/data/synthetic.ts';
import { modelFactories } from '../src/models/index.ts';
import type { TrainData } from '../src/models/recommender.ts';

const ds = generateSynthetic({ users: 150, items: 50, seed: 7, interactionsPerUser: 15 });
const data: TrainData = {
  numUsers: ds.users.size,
  numItems: ds.items.size,
  train: ds.interactions,
  dataset: ds,
};
const seen = new Map<number, Set<number>>();
for (let k = 0; k < data.train.user.length; k++) {
  const u = data.train.user[k];
  if (!seen.has(u)) seen.set(u, new Set());
  seen.get(u)?.add(data.train.item[k]);
}
const users = Int32Array.from({ length: data.numUsers }, (_, u) => u);
const K = 5;

for (const [kind, factory] of modelFactories) {
  test(`${kind}: Recommender conformance`, async () => {
    const model = factory.create({}, { numUsers: data.numUsers, numItems: data.numItems });
    assert.equal(model.kind, kind);
    assert.equal(model.numUsers, data.numUsers);
    assert.equal(model.numItems, data.numItems);
    const report = await model.fit(data, { seed: 1, epochs: 2 });
    assert.ok(report.epochs >= 1 && Array.isArray(report.curve), 'fit reports epochs and a curve');

    const scores = model.scoreUsers(users.subarray(0, 3));
    assert.equal(scores.length, 3 * data.numItems);

    const top = model.recommend(users, { k: K });
    assert.equal(top.k, K);
    assert.equal(top.items.length, users.length * K);
    assert.equal(top.scores.length, users.length * K);
    for (let r = 0; r < users.length; r++) {
      const row = Array.from(top.items.subarray(r * K, r * K + K)).filter((i) => i >= 0);
      assert.equal(new Set(row).size, row.length, 'no duplicates');
      for (const i of row) assert.ok(!seen.get(users[r])?.has(i), `user ${users[r]} got seen item ${i}`);
      for (let j = 1; j < K; j++) {
        const a = top.scores[r * K + j - 1];
        const b = top.scores[r * K + j];
        if (top.items[r * K + j] >= 0) assert.ok(a >= b, 'scores sorted best first');
      }
    }
    const few = model.recommend(users.subarray(0, 2), {
      k: 3,
      filterSeen: false,
      exclude: [new Int32Array([0]), new Int32Array([])],
    });
    assert.equal(few.items.length, 6);
    assert.ok(!Array.from(few.items.subarray(0, 3)).includes(0), 'exclude respected');

    const sim = model.similarItems(new Int32Array([0, 1]), 4);
    assert.equal(sim.items.length, 8);
    assert.ok(!Array.from(sim.items.subarray(0, 4)).includes(0), 'similar items exclude the query');

    const fold = model.foldIn(new Int32Array([0, 1, 2]), new Float32Array([5, 4, 3]));
    assert.equal(fold.length, data.numItems);

    const dir = await mkdtemp(join(tmpdir(), `gnnrec-${kind}-`));
    try {
      await model.save(dir);
      const loaded = await factory.load(dir);
      assert.equal(loaded.kind, kind);
      const again = loaded.recommend(users, { k: K });
      assert.deepEqual(again.items, top.items, 'save → load gives identical recommendations');
      assert.deepEqual(again.scores, top.scores);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
