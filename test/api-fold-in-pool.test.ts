// New users folded in on worker threads (`foldInThreads`, as `gnnrec serve` runs) answer exactly what the inline
// fold-in answers: the onboarding list, its reasons, the next GET, and a changed history's new list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { CreateUserResponse, RecommendationsResponse } from '../src/serve/schemas/types.ts';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';

let fx: Fixture;
let inline: FastifyInstance;
let pooled: FastifyInstance;
before(async () => {
  fx = await makeFixture();
  inline = await makeServer(fx, { rateLimit: false });
  pooled = await makeServer(fx, { rateLimit: false, foldInThreads: 2 });
});
after(async () => {
  await inline.close();
  await pooled.close();
});

const call = async <T>(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
): Promise<T> => {
  const res = await app.inject({ method, url, ...(payload ? { payload } : {}) });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json<T>();
};

test('pooled fold-ins answer as the inline ones, for many concurrent new users', async () => {
  assert.ok(pooled.gnnrec.engine.foldIns, 'the pooled server has fold-in threads');
  assert.equal(inline.gnnrec.engine.foldIns, undefined);
  const bodies = Array.from({ length: 12 }, (_, u) => ({
    ratings: [0, 1, 2, 3, 4].map((r) => ({
      item: fx.dataset.items.raw((u * 17 + r * 29) % 200),
      rating: 1 + ((u + r) % 5),
    })),
    k: 10,
    reasons: u % 2 === 0,
  }));
  // All in flight at once on the pooled server: each answer must still be its own user's list.
  const [a, b] = await Promise.all([
    Promise.all(bodies.map((p) => call<CreateUserResponse>(inline, 'POST', '/api/users', p))),
    Promise.all(bodies.map((p) => call<CreateUserResponse>(pooled, 'POST', '/api/users', p))),
  ]);
  // Each thread's list is kept although other users' ratings arrived while it worked: none was recomputed inline.
  assert.equal(pooled.gnnrec.engine.inlineFoldIns, 0);
  assert.ok(inline.gnnrec.engine.inlineFoldIns >= bodies.length);
  for (let u = 0; u < bodies.length; u++) {
    assert.equal(a[u]!.recommendations.length, 10);
    assert.deepEqual(b[u]!.byModel, a[u]!.byModel, `user ${u}`);
    const next = (app: FastifyInstance, user: string) =>
      call<RecommendationsResponse>(app, 'GET', `/api/users/${user}/recommendations?k=20`);
    assert.deepEqual(
      (await next(pooled, b[u]!.user)).recommendations,
      (await next(inline, a[u]!.user)).recommendations,
    );
  }
  // The threads served them (a failing pool falls back to inline fold-ins, which would answer the same).
  assert.ok(
    pooled.gnnrec.engine.foldIns!.answered >= bodies.length,
    `${pooled.gnnrec.engine.foldIns!.answered}`,
  );
  const before = pooled.gnnrec.engine.foldIns!.answered;
  // More ratings: the pooled server folds the changed history in again.
  const more = { ratings: [{ item: a[0]!.recommendations[0]!.item, rating: 1 }], k: 10 };
  const a2 = await call<CreateUserResponse>(inline, 'POST', `/api/users/${a[0]!.user}/ratings`, more);
  const b2 = await call<CreateUserResponse>(pooled, 'POST', `/api/users/${b[0]!.user}/ratings`, more);
  assert.deepEqual(b2.recommendations, a2.recommendations);
  assert.ok(!b2.recommendations.some((r) => r.item === more.ratings[0]!.item), 'the new rating is applied');
  assert.equal(
    pooled.gnnrec.engine.foldIns!.answered,
    before + 1,
    'the changed history was folded in on a thread',
  );
});

test('with items added through the API, pooled fold-ins still answer as the inline ones', async () => {
  // Added items are scored from the whole score row (their content), so the threads answer the row then.
  const like = fx.dataset.itemMeta[3]!;
  const item = {
    id: 'pool-new-1',
    title: 'Pool Lanterns (2031)',
    genres: like.genres ?? ['Drama'],
    year: 2031,
  };
  for (const app of [inline, pooled]) {
    const res = await app.inject({ method: 'POST', url: '/api/items', payload: { items: [item] } });
    assert.equal(res.statusCode, 201, res.body);
  }
  const before = pooled.gnnrec.engine.foldIns!.answered;
  const bodies = Array.from({ length: 6 }, (_, u) => ({
    ratings: [
      ...[0, 1, 2].map((r) => ({ item: fx.dataset.items.raw((u * 13 + r * 31 + 3) % 200), rating: 5 })),
      ...(u % 2 === 0 ? [{ item: item.id, rating: 4 }] : []),
    ],
    k: 100,
    reasons: false,
  }));
  const [a, b] = await Promise.all([
    Promise.all(bodies.map((p) => call<CreateUserResponse>(inline, 'POST', '/api/users', p))),
    Promise.all(bodies.map((p) => call<CreateUserResponse>(pooled, 'POST', '/api/users', p))),
  ]);
  for (let u = 0; u < bodies.length; u++) {
    assert.deepEqual(b[u]!.byModel, a[u]!.byModel, `user ${u}`);
    const has = a[u]!.recommendations.some((r) => r.item === item.id);
    // Rated: left out; not rated: its content makes it recommendable (the row's added part was used).
    assert.equal(has, u % 2 !== 0, `user ${u}: the added item ${has ? 'is' : 'is not'} listed`);
  }
  assert.ok(pooled.gnnrec.engine.foldIns!.answered >= before + bodies.length);
});
