// The explain route over a served hetero-sage model: IG edges on both sides of the pair, the user's rated items as
// reasons and other users' ratings of the item as raters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../src/data/synthetic.ts';
import { modelFactories } from '../src/models/index.ts';
import { loadServedModels } from '../src/serve/served-model.ts';
import { buildServer } from '../src/serve/server.ts';
import type { ExplainResponse } from '../src/serve/schemas/types.ts';

test("GET /api/users/:id/explain/:item on hetero-sage names rated items and the item's raters", async () => {
  const dataset = generateSynthetic({ users: 60, items: 50, seed: 9, interactionsPerUser: 12 });
  const sizes = { numUsers: dataset.users.size, numItems: dataset.items.size };
  const model = modelFactories.get('hetero-sage')!.create({ epochs: 5 }, sizes);
  await model.fit({ ...sizes, train: dataset.interactions, dataset }, { seed: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-api-sage-'));
  try {
    await model.save(dir);
    const app = await buildServer({ models: await loadServedModels([dir]), dataset, webRoot: null });
    try {
      const { user: us, item: is, rating } = dataset.interactions;
      const u = 3;
      const mine = new Set<number>();
      for (let e = 0; e < us.length; e++) if (us[e] === u) mine.add(is[e]!);
      const target = Array.from({ length: sizes.numItems }, (_, i) => i).find((i) => !mine.has(i))!;
      const user = dataset.users.raw(u),
        item = dataset.items.raw(target);
      const res = await app.inject({ method: 'GET', url: `/api/users/${user}/explain/${item}` });
      assert.equal(res.statusCode, 200, res.body);
      const ex = res.json<ExplainResponse>();
      assert.equal(ex.method, 'occlusion; raters by sage-ig');
      for (const r of ex.reasons)
        assert.ok(mine.has(dataset.items.get(r.item)!), 'reasons are items the user rated');
      assert.ok(ex.raters && ex.raters.length > 0, "other users' ratings of the item are named");
      for (const r of ex.raters) {
        // Each rater did rate the item, with the rating the API reports.
        let found = -1;
        for (let e = 0; e < us.length; e++)
          if (dataset.users.raw(us[e]!) === r.user && is[e] === target) found = rating[e]!;
        assert.equal(r.rating, found, `rater ${r.user}`);
        assert.ok(r.weight > 0);
      }
    } finally {
      await app.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
