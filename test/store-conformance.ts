// The store conformance cases, run by store.conformance.test.ts against every adapter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../src/store/store.ts';
import type { Progress } from '../src/util/progress.ts';
import { generateSynthetic } from '../src/data/synthetic.ts';
import { datasetView, handDataset, tinyDataset, withRating } from './store-fixtures.ts';

/**
 * Registers every conformance test for one store. `store()` returns the opened store (after
 * `before`), or a string: the reason every test is skipped (e.g. no PostgreSQL outside CI).
 */
export function storeConformance(store: () => Store | string): void {
  const conf = (name: string, fn: (s: Store) => Promise<void>): void => {
    test(name, async (t) => {
      const s = store();
      if (typeof s === 'string') return t.skip(s);
      await fn(s);
    });
  };
  conf('init is idempotent and a fresh store is empty', async (s) => {
    await s.init();
    await s.clear();
    assert.deepEqual(await s.counts(), {
      users: 0,
      items: 0,
      interactions: 0,
      models: 0,
      recommendations: 0,
    });
  });

  conf('import then readGraph gives the dataset back in the same order', async (s) => {
    await s.clear();
    const ds = tinyDataset();
    const c = await s.importDataset(ds, { batchSize: 2 });
    assert.deepEqual(c.users, { inserted: 3, updated: 0, unchanged: 0 });
    assert.deepEqual(c.items, { inserted: 5, updated: 0, unchanged: 0 });
    assert.deepEqual(c.interactions, { inserted: 6, updated: 0, unchanged: 0 });
    assert.deepEqual(datasetView(await s.readGraph()), datasetView(ds));
    assert.deepEqual(await s.counts(), {
      users: 3,
      items: 5,
      interactions: 6,
      models: 0,
      recommendations: 0,
    });
  });

  conf('re-import changes nothing; a changed rating updates', async (s) => {
    await s.clear();
    const ds = tinyDataset();
    await s.importDataset(ds);
    const again = await s.importDataset(ds, { batchSize: 4 });
    assert.deepEqual(again.interactions, { inserted: 0, updated: 0, unchanged: 6 });
    assert.deepEqual(again.items, { inserted: 0, updated: 0, unchanged: 5 });
    assert.deepEqual(again.users, { inserted: 0, updated: 0, unchanged: 3 });
    const changed = withRating(ds, 2, 1.5);
    const c = await s.importDataset(changed);
    assert.deepEqual(c.interactions, { inserted: 0, updated: 1, unchanged: 5 });
    assert.deepEqual(datasetView(await s.readGraph()), datasetView(changed));
  });

  conf('a dataset with a repeated (user, item) keeps the last rating', async (s) => {
    await s.clear();
    const ds = handDataset([
      ['a', 'x', 1],
      ['b', 'x', 2],
      ['a', 'x', 4],
    ]);
    const c = await s.importDataset(ds);
    assert.deepEqual(c.interactions, { inserted: 2, updated: 0, unchanged: 0 });
    assert.deepEqual(await s.getRatings('a'), [{ itemId: 'x', rating: 4, timestamp: 1_700_000_002 }]);
  });

  conf('a second dataset adds to the first, after it in order', async (s) => {
    await s.clear();
    await s.importDataset(tinyDataset());
    await s.importDataset(
      handDataset(
        [
          ['u9', 'm1', 3],
          ['u1', 'm9', 4],
        ],
        { m9: { title: 'New' } },
      ),
    );
    const g = await s.readGraph();
    assert.deepEqual(g.users.toJSON(), ['u1', 'u2', 'u3', 'u9']);
    assert.deepEqual(g.items.toJSON().slice(-1), ['m9']);
    assert.equal(g.interactions.user.length, 8);
    assert.equal(g.items.raw(g.interactions.item[7]!), 'm9');
  });

  conf('addRatings creates the user, upserts, and rejects unknown items', async (s) => {
    await s.clear();
    await s.importDataset(tinyDataset());
    const c = await s.addRatings('newbie', [
      { itemId: 'm1', rating: 5, timestamp: 42 },
      { itemId: 'm2', rating: 2 },
    ]);
    assert.deepEqual(c, { inserted: 2, updated: 0, unchanged: 0 });
    const again = await s.addRatings('newbie', [{ itemId: 'm1', rating: 4, timestamp: 42 }]);
    assert.deepEqual(again, { inserted: 0, updated: 1, unchanged: 0 });
    const r = await s.getRatings('newbie');
    assert.deepEqual(
      r.map((x) => [x.itemId, x.rating]),
      [
        ['m1', 4],
        ['m2', 2],
      ],
    );
    assert.equal(r[0]!.timestamp, 42);
    await assert.rejects(s.addRatings('other', [{ itemId: 'nope', rating: 3 }]), /unknown item 'nope'/);
    assert.deepEqual(await s.getRatings('other'), [], 'a failed addRatings creates no user');
    const g = await s.readGraph();
    assert.equal(g.users.raw(g.users.size - 1), 'newbie');
    assert.equal((await s.counts()).interactions, 8);
  });

  conf('ratings added after a changed rating follow the imported ones in order', async (s) => {
    await s.clear();
    const ds = tinyDataset();
    await s.importDataset(ds);
    // The change keeps its row's place; the SQL stores leave its reserved `seq` unused (a gap before the next).
    await s.addRatings('u1', [{ itemId: 'm2', rating: 1, timestamp: 5 }]);
    await s.addRatings('late', [
      { itemId: 'm5', rating: 2, timestamp: 6 },
      { itemId: 'm1', rating: 3, timestamp: 7 },
    ]);
    await s.addRatings('u2', [{ itemId: 'm4/ü', rating: 4, timestamp: 8 }]);
    const view = datasetView(await s.readGraph()) as { edges: unknown[]; users: string[] };
    const base = datasetView(ds) as { edges: unknown[] };
    assert.deepEqual(view.edges, [
      base.edges[0],
      ['u1', 'm2', 1, 5],
      ...base.edges.slice(2),
      ['late', 'm5', 2, 6],
      ['late', 'm1', 3, 7],
      ['u2', 'm4/ü', 4, 8],
    ]);
    assert.deepEqual(view.users, ['u1', 'u2', 'u3', 'late']);
  });

  conf('models: upsert keeps created_at, replaces config and metrics', async (s) => {
    await s.clear();
    await s.upsertModel({ id: 'm-1', kind: 'lightgcn', config: { dim: 64 }, metrics: {} });
    const first = await s.getModel('m-1');
    await s.upsertModel({ id: 'm-1', kind: 'lightgcn', config: { dim: 32 }, metrics: { 'recall@20': 0.1 } });
    const second = await s.getModel('m-1');
    assert.equal(second?.createdAt, first?.createdAt);
    assert.deepEqual(second?.config, { dim: 32 });
    assert.deepEqual(second?.metrics, { 'recall@20': 0.1 });
    assert.equal(await s.getModel('none'), undefined);
  });

  conf('recommendations: write-back per model, one user replaced leaves the others', async (s) => {
    await s.clear();
    await s.importDataset(tinyDataset());
    await s.upsertModel({ id: 'a', kind: 'lightgcn', config: {}, metrics: {} });
    await s.upsertModel({ id: 'b', kind: 'mf-bpr', config: {}, metrics: {} });
    const rows = (model: string) => [
      { userId: 'u1', itemId: 'm3 "quoted", {braces}', score: 0.9, rank: 1 },
      { userId: 'u1', itemId: 'm4/ü', score: 0.5, rank: 2 },
      { userId: 'u2', itemId: model === 'a' ? 'm1' : 'm5', score: 0.7, rank: 1 },
    ];
    assert.deepEqual(await s.writeRecommendations('a', rows('a')), { deleted: 0, inserted: 3 });
    await s.writeRecommendations('b', rows('b'));
    assert.deepEqual(await s.getRecommendations('a', 'u1', 1), [
      { userId: 'u1', itemId: 'm3 "quoted", {braces}', score: 0.9, rank: 1 },
    ]);
    const u2Before = await s.getRecommendations('a', 'u2', 10);
    const r = await s.writeRecommendations('a', [{ userId: 'u1', itemId: 'm5', score: 1, rank: 1 }], {
      users: ['u1'],
    });
    assert.deepEqual(r, { deleted: 2, inserted: 1 });
    assert.deepEqual(
      (await s.getRecommendations('a', 'u1', 10)).map((x) => x.itemId),
      ['m5'],
    );
    assert.deepEqual(await s.getRecommendations('a', 'u2', 10), u2Before);
    assert.equal((await s.getRecommendations('b', 'u1', 10)).length, 2, 'other model untouched');
    await assert.rejects(
      s.writeRecommendations('a', [{ userId: 'u2', itemId: 'm5', score: 1, rank: 1 }], { users: ['u1'] }),
    );
    await assert.rejects(s.writeRecommendations('nope', []), /unknown model 'nope'/);
    // A failing write (unknown item or user) leaves the model's rows as they were.
    await assert.rejects(
      s.writeRecommendations('a', [{ userId: 'u1', itemId: 'no-such-item', score: 1, rank: 1 }], {
        users: ['u1'],
      }),
      /unknown .*'no-such-item'/,
    );
    await assert.rejects(
      s.writeRecommendations('a', [{ userId: 'nobody', itemId: 'm1', score: 1, rank: 1 }]),
      /unknown .*'nobody'/,
    );
    assert.deepEqual(
      (await s.getRecommendations('a', 'u1', 10)).map((x) => x.itemId),
      ['m5'],
    );
    const all = await s.writeRecommendations('a', []);
    assert.deepEqual(all, { deleted: 2, inserted: 0 });
    assert.equal((await s.counts()).recommendations, 3);
  });

  conf('getItems keeps the asked order and skips unknown ids; listItems is in import order', async (s) => {
    await s.clear();
    await s.importDataset(tinyDataset());
    const got = await s.getItems(['m2', 'zzz', 'm1']);
    assert.deepEqual(
      got.map((i) => i.id),
      ['m2', 'm1'],
    );
    assert.deepEqual(got[0]!.meta, {
      title: 'Heat (1995)',
      genres: ['Action'],
      numeric: { runtime: 170, budget: null },
    });
    assert.equal(got[1]!.title, 'Toy Story (1995)');
    const list = await s.listItems();
    assert.deepEqual(
      list.map((i) => i.id),
      ['m1', 'm2', 'm3 "quoted", {braces}', 'm4/ü', 'm5'],
    );
    assert.equal(list[3]!.title, null);
  });

  conf('a synthetic dataset round-trips exactly (typed arrays, metadata, order)', async (s) => {
    await s.clear();
    const ds = generateSynthetic({ users: 300, items: 200, interactionsPerUser: 15, seed: 5 });
    const c = await s.importDataset(ds, { batchSize: 1000 });
    assert.equal(c.interactions.inserted, 4500);
    const g = await s.readGraph();
    assert.deepEqual(datasetView(g), datasetView(ds));
    assert.deepEqual(g.interactions.user, ds.interactions.user);
    assert.deepEqual(g.interactions.item, ds.interactions.item);
    assert.deepEqual(g.interactions.rating, ds.interactions.rating);
  });

  conf('a provided train/test split (LightGCN files) survives the store', async (s) => {
    await s.clear();
    const ds = handDataset([
      ['a', 'x', 1],
      ['a', 'y', 1],
      ['b', 'x', 1],
      ['b', 'z', 1],
      ['a', 'z', 1],
    ]);
    ds.providedSplit = { train: Int32Array.from([0, 1, 2]), test: Int32Array.from([3, 4]) };
    await s.importDataset(ds);
    assert.deepEqual(datasetView(await s.readGraph()), datasetView(ds));
    await s.importDataset(ds); // unchanged re-import keeps the split
    await s.addRatings('c', [{ itemId: 'y', rating: 1 }]); // onboarding ratings are training data
    const g = await s.readGraph();
    assert.deepEqual(Array.from(g.providedSplit!.test), [3, 4]);
    assert.deepEqual(Array.from(g.providedSplit!.train), [0, 1, 2, 5]);
  });

  conf('a dataset with a non-finite number is refused before anything is written', async (s) => {
    await s.clear();
    await s.importDataset(tinyDataset());
    const before = datasetView(await s.readGraph());
    const bad = handDataset([
      ['u1', 'm1', 1],
      ['u7', 'm9', NaN],
    ]);
    await assert.rejects(
      s.importDataset(bad, { batchSize: 1 }),
      /dataset 'hand': interaction 2 \(user u7, item m9\): field 'rating': NaN is not a finite number/,
    );
    assert.deepEqual(datasetView(await s.readGraph()), before);
  });

  conf('an import that fails inside its transaction leaves the previous state', async (s) => {
    await s.clear();
    await s.importDataset(tinyDataset());
    const before = datasetView(await s.readGraph());
    const counts = await s.counts();
    // New users, items and edges; the failure comes on the third progress report, after two batches are written.
    const ds = handDataset([
      ['u1', 'm1', 1],
      ['u7', 'm7', 2],
      ['u8', 'm8', 3],
      ['u9', 'm9', 4],
    ]);
    const phases: string[] = [];
    const failing: Progress = {
      update(phase, done) {
        phases.push(`${phase} ${done}`);
        if (phases.length === 3) throw new Error('failed mid-import');
      },
      end() {},
    };
    await assert.rejects(s.importDataset(ds, { batchSize: 1, progress: failing }), /failed mid-import/);
    assert.equal(phases.length, 3, `the failure came after some writes (${phases.join(', ')})`);
    assert.deepEqual(await s.counts(), counts);
    assert.deepEqual(datasetView(await s.readGraph()), before);
    // The store takes the same import once nothing fails.
    const c = await s.importDataset(ds, { batchSize: 1 });
    assert.equal(c.users.inserted, 3);
    assert.deepEqual(c.interactions, { inserted: 3, updated: 1, unchanged: 0 }); // (u1, m1) was rated 4.5
    assert.equal((await s.counts()).interactions, counts.interactions + 3);
  });
}
