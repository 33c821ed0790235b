// Serving a large catalogue (issue 23): with an inverted file a GF-CF server ranks a trained user's list and a new
// user's list (inline and on a fold-in thread) by candidate retrieval, not by scoring every item; probing every list
// gives exactly the dense lists, probing one list gives the model's own `recommend` / `foldInTop` lists.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { generateSynthetic } from '../src/data/synthetic.ts';
import { GraphFilter } from '../src/models/graph-filter/model.ts';
import { topKIndices } from '../src/serve/topk.ts';
import type { CreateUserResponse, RecommendationsResponse } from '../src/serve/schemas/types.ts';
import { makeServer } from './api-fixture.ts';

const dataset = generateSynthetic({ users: 300, items: 400, seed: 3, interactionsPerUser: 15 });
const sizes = { numUsers: dataset.users.size, numItems: dataset.items.size };
const dirs: string[] = [];
const apps: FastifyInstance[] = [];
after(async () => {
  for (const a of apps) await a.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function served(
  probe: number,
  foldInThreads: number,
): Promise<{ app: FastifyInstance; model: GraphFilter }> {
  const config = { rank: 16, candidates: sizes.numItems, ivfLists: 16, ivfProbe: probe };
  const model = new GraphFilter(sizes.numUsers, sizes.numItems, config);
  await model.fit({ ...sizes, train: dataset.interactions, dataset }, { seed: 1 });
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-scale-serve-'));
  dirs.push(dir);
  await model.save(dir);
  const app = await makeServer({ dataset, dirs: [dir] }, { rateLimit: false, foldInThreads });
  apps.push(app);
  return { app, model };
}

const K = 10;
const rated = [3, 8, 15, 21, 40];
const ratings = rated.map((i, r) => ({ item: dataset.items.raw(i), rating: 3 + (r % 3) }));

async function newUserList(app: FastifyInstance): Promise<string[]> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/users',
    payload: { ratings, k: K, reasons: false },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<CreateUserResponse>().recommendations.map((r) => r.item);
}

test('an IVF model serves new and trained users through retrieval: every list probed = dense, one list = its own', async () => {
  const items = Int32Array.from(rated);
  const weights = Float32Array.from(ratings, (r) => r.rating);
  const all = await served(16, 0);
  const m = all.model;
  // The dense ranking of the new user's fold-in (what the server answered before the IVF paths).
  const dense = topKIndices(m.foldIn(items, weights), K, new Set(items)).map((i) => dataset.items.raw(i));
  assert.deepEqual(await newUserList(all.app), dense);

  const few = await served(1, 0);
  const own = few.model.foldInTop(items, weights, K, new Int32Array(0))!;
  const ownIds = Array.from(own.items.subarray(0, K))
    .filter((i) => i >= 0)
    .map((i) => dataset.items.raw(i));
  assert.notDeepEqual(ownIds, dense, 'one probed list of 16 is not the dense ranking');
  assert.deepEqual(await newUserList(few.app), ownIds, 'inline new user: foldInTop');
  const pooled = await served(1, 1);
  assert.deepEqual(await newUserList(pooled.app), ownIds, 'new user on a fold-in thread: foldInTop');

  // A trained user's list: the model's one-user candidate path.
  const u = 17;
  const res = await few.app.inject({
    method: 'GET',
    url: `/api/users/${dataset.users.raw(u)}/recommendations?k=${K}`,
  });
  assert.equal(res.statusCode, 200, res.body);
  const want = few.model.recommend(Int32Array.of(u), { k: K });
  assert.deepEqual(
    res.json<RecommendationsResponse>().recommendations.map((r) => r.item),
    Array.from(want.items.subarray(0, K))
      .filter((i) => i >= 0)
      .map((i) => dataset.items.raw(i)),
  );
});
