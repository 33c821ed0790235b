import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type {
  CreateUserResponse,
  ErrorResponse,
  ExplainResponse,
  ModelsResponse,
  RecommendationsResponse,
  SearchResponse,
  SimilarResponse,
  EdaResponse,
} from '../src/serve/schemas/types.ts';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';

let fx: Fixture;
before(async () => {
  fx = await makeFixture();
});

/** Title of a dataset item, without the "(1994)" suffix. */
function titleOf(item: number): string {
  return fx.dataset.itemMeta[item]!.title!;
}

test('search finds a title despite a typo, best match first', async () => {
  const app = await makeServer(fx);
  const title = titleOf(17).replace(/ \(\d{4}\)$/, '');
  // Swap two inner letters of the last word: "harbor" → "hrabor".
  const words = title.split(' ');
  const last = words.pop()!;
  const typo = [...words, last[0]! + last[2]! + last[1]! + last.slice(3)].join(' ').toLowerCase();
  const res = await app.inject({ method: 'GET', url: `/api/items/search?q=${encodeURIComponent(typo)}` });
  assert.equal(res.statusCode, 200);
  const body = res.json<SearchResponse>();
  assert.equal(
    body.hits[0]!.item,
    fx.dataset.items.raw(17),
    `query '${typo}' → ${JSON.stringify(body.hits.slice(0, 3))}`,
  );
  await app.close();
});

test('search validates its query', async () => {
  const app = await makeServer(fx);
  const res = await app.inject({ method: 'GET', url: '/api/items/search' });
  assert.equal(res.statusCode, 400);
  assert.match(res.json<ErrorResponse>().message, /q/);
  await app.close();
});

test('a known user gets k unseen recommendations with titles and reasons', async () => {
  const app = await makeServer(fx);
  const user = fx.dataset.users.raw(3);
  const res = await app.inject({ method: 'GET', url: `/api/users/${user}/recommendations?k=5` });
  assert.equal(res.statusCode, 200);
  const body = res.json<RecommendationsResponse>();
  assert.equal(body.recommendations.length, 5);
  const seen = new Set<string>();
  const { user: us, item: is } = fx.dataset.interactions;
  for (let e = 0; e < us.length; e++) if (us[e] === 3) seen.add(fx.dataset.items.raw(is[e]!));
  for (const r of body.recommendations) {
    assert.ok(!seen.has(r.item), `seen item ${r.item} recommended`);
    assert.equal(typeof r.title, 'string');
    for (const reason of r.reasons) assert.ok(seen.has(reason.item), 'a reason is an item the user rated');
  }
  await app.close();
});

test('onboarding: POST /api/users creates a user and answers with recommendations at once', async () => {
  const added: Array<{ user: string; n: number }> = [];
  const store = {
    addRatings: async (user: string, r: readonly unknown[]) => (
      added.push({ user, n: r.length }),
      { inserted: r.length, updated: 0, unchanged: 0 }
    ),
  };
  const app = await makeServer(fx, { store });
  const ratings = [0, 1, 2, 3, 4].map((i) => ({ item: fx.dataset.items.raw(i), rating: 5 }));
  const res = await app.inject({ method: 'POST', url: '/api/users', payload: { ratings, k: 8 } });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json<CreateUserResponse>();
  assert.equal(body.recommendations.length, 8);
  assert.deepEqual(added, [{ user: body.user, n: 5 }]);
  const rated = new Set(ratings.map((r) => r.item));
  for (const r of body.recommendations) assert.ok(!rated.has(r.item));
  // The new user is served afterwards like any other.
  const again = await app.inject({ method: 'GET', url: `/api/users/${body.user}/recommendations?k=8` });
  assert.deepEqual(again.json<RecommendationsResponse>().recommendations, body.recommendations);
  const profile = await app.inject({ method: 'GET', url: `/api/users/${body.user}` });
  assert.equal(profile.statusCode, 200);
  await app.close();
});

test('POST /api/users/:id/ratings adds ratings and refreshes the lists', async () => {
  const app = await makeServer(fx);
  const ratings = [0, 1, 2].map((i) => ({ item: fx.dataset.items.raw(i), rating: 5 }));
  const created = (
    await app.inject({ method: 'POST', url: '/api/users', payload: { ratings, k: 5 } })
  ).json<CreateUserResponse>();
  const next = created.recommendations[0]!.item;
  const res = await app.inject({
    method: 'POST',
    url: `/api/users/${created.user}/ratings`,
    payload: { ratings: [{ item: next, rating: 1 }], k: 5 },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.ok(
    !res.json<CreateUserResponse>().recommendations.some((r) => r.item === next),
    'a newly rated item is no longer recommended',
  );
  const again = (
    await app.inject({ method: 'GET', url: `/api/users/${created.user}/recommendations?k=5` })
  ).json<RecommendationsResponse>();
  assert.ok(!again.recommendations.some((r) => r.item === next));
  const profile = (await app.inject({ method: 'GET', url: `/api/users/${created.user}` })).json<{
    ratings: unknown[];
  }>();
  assert.equal(profile.ratings.length, 4);
  const unknown = await app.inject({
    method: 'POST',
    url: '/api/users/nobody/ratings',
    payload: { ratings },
  });
  assert.equal(unknown.statusCode, 404);
  await app.close();
});

test('bad onboarding requests are 400 with a clear message', async () => {
  const app = await makeServer(fx);
  const cases: Array<[unknown, RegExp]> = [
    [{}, /ratings/],
    [{ ratings: [] }, /ratings/],
    [{ ratings: [{ item: 'no-such-item', rating: 4 }] }, /unknown item 'no-such-item'/],
    [{ ratings: [{ item: fx.dataset.items.raw(0), rating: 'five' }] }, /rating/],
    [{ ratings: [{ item: fx.dataset.items.raw(0), rating: 9 }] }, /outside/],
    [{ ratings: [{ item: fx.dataset.items.raw(0), rating: 4 }], extra: 1 }, /additional/],
    [{ ratings: [{ item: "1'; DROP TABLE users; --", rating: 4 }] }, /unknown item/],
  ];
  for (const [payload, re] of cases) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      payload: payload as Record<string, unknown>,
    });
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
    assert.match(res.json<ErrorResponse>().message, re);
  }
  const bad = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { 'content-type': 'application/json' },
    payload: '{"ratings": [',
  });
  assert.equal(bad.statusCode, 400);
  await app.close();
});

test('unknown ids are 404', async () => {
  const app = await makeServer(fx);
  for (const url of [
    '/api/users/nobody/recommendations',
    '/api/items/nothing/similar',
    '/api/items/nothing',
    '/api/users/nobody/explain/1',
    `/api/users/${fx.dataset.users.raw(0)}/recommendations?model=nope`,
    '/api/nope',
  ]) {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 404, url);
    assert.equal(typeof res.json<ErrorResponse>().message, 'string');
  }
  await app.close();
});

test('writes need the bearer token when one is configured', async () => {
  const app = await makeServer(fx, { token: 's3cret' });
  const payload = { ratings: [{ item: fx.dataset.items.raw(0), rating: 4 }] };
  assert.equal((await app.inject({ method: 'POST', url: '/api/users', payload })).statusCode, 401);
  assert.equal(
    (
      await app.inject({
        method: 'POST',
        url: '/api/users',
        payload,
        headers: { authorization: 'Bearer wrong!' },
      })
    ).statusCode,
    401,
  );
  assert.equal(
    (
      await app.inject({
        method: 'POST',
        url: '/api/users',
        payload,
        headers: { authorization: 'Bearer s3cret' },
      })
    ).statusCode,
    201,
  );
  // Reads stay open.
  assert.equal((await app.inject({ method: 'GET', url: '/api/models' })).statusCode, 200);
  await app.close();
});

test('body size and rate limits', async () => {
  let app = await makeServer(fx, { bodyLimit: 1024, rateLimit: { max: 1000, writeMax: 2 } });
  const big = {
    ratings: Array.from({ length: 100 }, (_, i) => ({ item: fx.dataset.items.raw(i), rating: 4 })),
  };
  assert.equal((await app.inject({ method: 'POST', url: '/api/users', payload: big })).statusCode, 413);
  await app.close();
  // A fresh server: the rejected oversized request above counted towards the write limit.
  app = await makeServer(fx, { rateLimit: { max: 1000, writeMax: 2 } });
  const one = { ratings: [{ item: fx.dataset.items.raw(0), rating: 4 }] };
  const codes: number[] = [];
  for (let i = 0; i < 3; i++)
    codes.push((await app.inject({ method: 'POST', url: '/api/users', payload: one })).statusCode);
  assert.deepEqual(codes, [201, 201, 429]);
  await app.close();
});

test('similar items, explanations, model cards, EDA and OpenAPI', async () => {
  const app = await makeServer(fx);
  const item = fx.dataset.items.raw(5);
  const sim = (
    await app.inject({ method: 'GET', url: `/api/items/${item}/similar?k=4` })
  ).json<SimilarResponse>();
  assert.equal(sim.item.item, item);
  assert.ok(sim.similar.length <= 4 && sim.similar.every((s) => s.item !== item));
  const user = fx.dataset.users.raw(2);
  const rec = (
    await app.inject({ method: 'GET', url: `/api/users/${user}/recommendations?k=1` })
  ).json<RecommendationsResponse>();
  const ex = (
    await app.inject({ method: 'GET', url: `/api/users/${user}/explain/${rec.recommendations[0]!.item}` })
  ).json<ExplainResponse>();
  assert.equal(ex.item, rec.recommendations[0]!.item);
  assert.equal(typeof ex.method, 'string');
  const rated = new Set<string>();
  const { user: us, item: is } = fx.dataset.interactions;
  for (let e = 0; e < us.length; e++) if (us[e] === 2) rated.add(fx.dataset.items.raw(is[e]!));
  for (const r of ex.reasons) assert.ok(rated.has(r.item), 'explanations name items the user rated');
  const models = (await app.inject({ method: 'GET', url: '/api/models' })).json<ModelsResponse>();
  assert.equal(models.models.length, 1);
  assert.equal(typeof models.models[0]!.config, 'object');
  const eda = (await app.inject({ method: 'GET', url: '/api/eda' })).json<EdaResponse>();
  assert.equal(eda.items, 200);
  assert.ok(eda.byGenre.length > 0 && eda.byType.length > 0 && eda.popularity.length > 0);
  const docs = await app.inject({ method: 'GET', url: '/docs/json' });
  assert.equal(docs.statusCode, 200);
  assert.ok('/api/users/{id}/recommendations' in docs.json<{ paths: Record<string, unknown> }>().paths);
  await app.close();
});
