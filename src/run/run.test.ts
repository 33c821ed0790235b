import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../data/synthetic.ts';
import type { Dataset } from '../data/types.ts';
import { evaluateRun, explainFor, openRun, recommendFor, similarTo, trainRun } from './index.ts';

const ds: Dataset = generateSynthetic({ users: 50, items: 70, seed: 4, interactionsPerUser: 14 });

/** Small, fast configs per kind (each key checked by the kind's schema). */
const CASES: Array<{ kind: string; config: Record<string, unknown>; epochs?: number }> = [
  { kind: 'lightgcn', config: { dim: 8, batch: 64, itersPerEpoch: 5 }, epochs: 2 },
  { kind: 'mf-bpr', config: { dim: 8, batch: 64, itersPerEpoch: 5 }, epochs: 2 },
  { kind: 'popular', config: {} },
  { kind: 'graph-filter', config: {} },
  { kind: 'item2vec', config: { minRating: 3, minWeight: 0.5, dim: 8, epochs: 2, workers: 1 } },
];

for (const c of CASES) {
  test(`trainRun → openRun round trip: ${c.kind} scores, metrics and rated-item exclusion survive the folder`, async () => {
    const dir = await mkdtemp(join(tmpdir(), `gnnrec-run-${c.kind}-`));
    try {
      const trained = await trainRun({
        kind: c.kind,
        dataset: ds,
        protocol: 'seed001',
        seed: 3,
        config: c.config,
        ...(c.epochs ? { epochs: c.epochs } : {}),
        out: dir,
      });
      assert.equal(trained.summary.protocol, 'seed001');
      assert.ok(Object.keys(trained.summary.metrics.test).includes('recall@20'));
      // Dataset handed over in memory: openRun gets it back the same way (the folder records no path).
      const run = await openRun(dir, { dataset: ds });
      assert.equal(run.kind, trained.kind);
      assert.equal(run.manifest.seed, 3);
      assert.deepEqual((run.manifest.extra as { run: { protocol: string } }).run.protocol, 'seed001');
      const users = Int32Array.from([0, 1, 2]);
      const before = trained.model.scoreUsers(users);
      const after = run.model.scoreUsers(users);
      for (let j = 0; j < before.length; j++)
        if (Number.isFinite(before[j]))
          assert.ok(Math.abs(before[j] - after[j]) < 1e-5, `score ${j} survives save/open`);
      const ev = await evaluateRun(run);
      for (const [k, v] of Object.entries(trained.summary.metrics.test))
        assert.ok(Math.abs(ev.metrics.test[k] - v) < 1e-6, `${k}: ${ev.metrics.test[k]} vs ${v}`);
      // Every item the user rated in the data (any split, any rating) is left out.
      const user = ds.users.raw(0);
      const rated = new Set<string>();
      for (let e = 0; e < ds.interactions.user.length; e++)
        if (ds.interactions.user[e] === 0) rated.add(ds.items.raw(ds.interactions.item[e]));
      const rec = await recommendFor(run, user, 10);
      assert.equal(rec.rated, rated.size);
      assert.ok(rec.items.length > 0);
      for (const x of rec.items) assert.ok(!rated.has(x.id), `${x.id} was rated by ${user}`);
      assert.deepEqual(
        rec.items.map((x) => x.rank),
        rec.items.map((_, r) => r + 1),
      );
      assert.equal(rec.items[0].title, ds.itemMeta[ds.items.get(rec.items[0].id)!].title ?? null);
      const sim = await similarTo(run, rec.items[0].title ?? rec.items[0].id, 3);
      assert.equal(sim.item.id, rec.items[0].id);
      const ex = await explainFor(run, user, rec.items[0].id, { top: 3 });
      assert.equal(ex.item, rec.items[0].id);
      assert.ok(Number.isFinite(ex.score));
      assert.ok(ex.contributions.length <= 3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('trainRun with protocol full trains on every positive and reports no held-out metrics', async () => {
  const run = await trainRun({ kind: 'popular', dataset: ds, protocol: 'full' });
  assert.deepEqual(run.summary.metrics, { val: {}, test: {} });
  let positives = 0;
  for (const r of ds.interactions.rating) if (r >= 3.5) positives++;
  assert.equal(run.setup.train.train.user.length, positives);
  assert.equal(run.setup.val.user.length, 0);
});

test('trainRun: a bad config value is a usage error naming the key and the allowed range', async () => {
  await assert.rejects(
    trainRun({ kind: 'lightgcn', dataset: ds, config: { dim: 0 } }),
    (e: Error) => e.name === 'ConfigError' && /'dim'.*≥ 1/.test(e.message),
  );
  await assert.rejects(trainRun({ kind: 'rating-nope', dataset: ds }), /unknown model 'rating-nope'/);
});
