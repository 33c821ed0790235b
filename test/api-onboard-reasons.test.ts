// POST /api/users with `reasons: false` (an API client onboarding users: the list only) ranks exactly as the UI's
// call with reasons, and the first GET that shows the list computes the same reasons the UI's call got.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { CreateUserResponse, RecommendationsResponse } from '../src/serve/schemas/types.ts';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';

let fx: Fixture;
let app: FastifyInstance;
before(async () => {
  fx = await makeFixture();
  app = await makeServer(fx, { rateLimit: false });
});
after(async () => {
  await app.close();
});

const create = async (payload: Record<string, unknown>): Promise<CreateUserResponse> => {
  const res = await app.inject({ method: 'POST', url: '/api/users', payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json<CreateUserResponse>();
};

test('reasons: false answers the same ranking without reasons; the next GET has the reasons', async () => {
  const ratings = [3, 8, 15, 21, 40].map((i, r) => ({ item: fx.dataset.items.raw(i), rating: 3 + (r % 3) }));
  const bare = await create({ ratings, k: 10, reasons: false });
  const full = await create({ ratings, k: 10 });
  assert.notEqual(bare.user, full.user);
  assert.equal(bare.recommendations.length, 10);
  const strip = (l: CreateUserResponse['recommendations']) => l.map((r) => [r.item, r.title, r.score]);
  assert.deepEqual(strip(bare.recommendations), strip(full.recommendations), 'the same list, reasons or not');
  for (const r of bare.recommendations) assert.deepEqual(r.reasons, [], 'no reasons were asked for');
  for (const list of Object.values(bare.byModel))
    for (const r of list) assert.deepEqual(r.reasons, [], 'no model computed reasons');
  const rated = new Set(ratings.map((r) => r.item));
  assert.ok(
    full.recommendations.some((r) => r.reasons.length > 0),
    'the default answer carries reasons',
  );
  for (const r of full.recommendations) for (const why of r.reasons) assert.ok(rated.has(why.item));
  // Same history, same fold-in: the bare user's first GET computes exactly the reasons the UI's call answered with.
  const res = await app.inject({ method: 'GET', url: `/api/users/${bare.user}/recommendations?k=10` });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json<RecommendationsResponse>().recommendations, full.recommendations);
});

test('reasons must be a boolean', async () => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/users',
    payload: { ratings: [{ item: fx.dataset.items.raw(1), rating: 4 }], reasons: 'no' },
  });
  assert.equal(res.statusCode, 400, res.body);
  assert.match(res.body, /reasons/);
});
