// Live updates over real HTTP with a real (PGlite) store: a dataset user's new ratings change their next list and
// are stored; an item added through POST /api/items is stored, searchable, and recommended at once through its
// content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type {
  AddItemsResponse,
  CreateUserResponse,
  ErrorResponse,
  RecommendationsResponse,
  SearchResponse,
} from '../src/serve/schemas/types.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';

let fx: Fixture;
let store: Store;
let app: FastifyInstance;
let base: string;
before(async () => {
  fx = await makeFixture();
  store = await openStore(`pglite://${await mkdtemp(join(tmpdir(), 'gnnrec-live-'))}`);
  await store.importDataset(fx.dataset);
  app = await makeServer(fx, { store, rateLimit: false });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await app.close();
  await store.close();
});

const post = (url: string, body: unknown) =>
  fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const recs = async (user: string, q = 'k=20'): Promise<string[]> => {
  const res = await fetch(`${base}/api/users/${user}/recommendations?${q}`);
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as RecommendationsResponse).recommendations.map((r) => r.item);
};

test("a dataset user's new ratings change their next list and are stored", async () => {
  const user = fx.dataset.users.raw(11);
  const before = await recs(user);
  // Rate the five items at the bottom of their top 100 highly: the fold-in of the new history re-ranks the rest.
  const deep = await recs(user, 'k=100');
  const rated = deep.slice(-5).map((item) => ({ item, rating: 5 }));
  const res = await post(`/api/users/${user}/ratings`, { ratings: rated, k: 20 });
  assert.equal(res.status, 200, await res.clone().text());
  const after = await recs(user);
  for (const r of rated) assert.ok(!after.includes(r.item), 'rated items are not recommended');
  // More than the rated items' removal: the order of what remains changed.
  const kept = before.filter((i) => after.includes(i));
  assert.notDeepEqual(after.slice(0, kept.length), kept, 'the list is re-scored, not only filtered');
  const stored = await store.getRatings(user);
  for (const r of rated)
    assert.ok(
      stored.some((s) => s.itemId === r.item && s.rating === 5),
      `rating of ${r.item} stored`,
    );
});

test('an item added through POST /api/items is stored, searchable and recommended at once', async () => {
  const user = fx.dataset.users.raw(20);
  const top = await recs(user, 'k=5');
  // The new item looks like the user's favourites: their genres and year.
  const meta = fx.dataset.itemMeta[fx.dataset.items.get(top[0]!)!]!;
  const item = {
    id: 'new-9001',
    title: 'Quartz Lanterns Over Miramar (2031)',
    genres: meta.genres!,
    year: meta.year!,
    numeric: { popularity: 1 },
  };
  const res = await post('/api/items', { items: [item] });
  assert.equal(res.status, 201, await res.clone().text());
  assert.equal(((await res.json()) as AddItemsResponse).added, 1);

  const deep = await recs(user, 'k=100');
  assert.ok(deep.includes('new-9001'), 'the new item is in the top 100');
  const only = await fetch(`${base}/api/users/${user}/recommendations?include=new-9001`);
  const body = (await only.json()) as RecommendationsResponse;
  assert.equal(body.recommendations.length, 1);
  assert.ok(Number.isFinite(body.recommendations[0]!.score));
  assert.equal(body.recommendations[0]!.title, item.title);

  const found = (await (
    await fetch(`${base}/api/items/search?q=${encodeURIComponent('quartz lanterns')}`)
  ).json()) as SearchResponse;
  assert.equal(found.hits[0]!.item, 'new-9001');
  assert.equal((await fetch(`${base}/api/items/new-9001`)).status, 200);
  const graph = await store.readGraph();
  assert.ok(graph.items.get('new-9001') !== undefined, 'stored');

  // A new user who rates the new item gets it left out of their list.
  const created = await post('/api/users', {
    ratings: [
      { item: 'new-9001', rating: 5 },
      { item: top[1]!, rating: 5 },
    ],
    k: 100,
  });
  assert.equal(created.status, 201, await created.clone().text());
  const list = ((await created.json()) as CreateUserResponse).recommendations.map((r) => r.item);
  assert.ok(!list.includes('new-9001'));

  const again = await post('/api/items', { items: [item] });
  assert.equal(again.status, 409);
  assert.match(((await again.json()) as ErrorResponse).message, /new-9001/);
});
