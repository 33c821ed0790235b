// Business rules over real HTTP: filters applied before the top-K (lists stay k long), include/exclude, numeric
// ranges, MMR diversity, the same rules on onboarding, and one-line 400s for rules that do not parse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type {
  CreateUserResponse,
  ErrorResponse,
  RecommendationsResponse,
} from '../src/serve/schemas/types.ts';
import { genreSimilarity, intraListDiversity } from '../src/serve/rules/rank.ts';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';

let fx: Fixture;
let app: FastifyInstance;
let base: string;
before(async () => {
  fx = await makeFixture();
  app = await makeServer(fx, { rateLimit: false });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await app.close();
});

const user = () => fx.dataset.users.raw(5);
const meta = (raw: string) => fx.dataset.itemMeta[fx.dataset.items.get(raw)!]!;

async function recs(query: string): Promise<RecommendationsResponse> {
  const res = await fetch(`${base}/api/users/${user()}/recommendations?${query}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as RecommendationsResponse;
}

test('a genre filter keeps the list k long, every item of that genre', async () => {
  const plain = await recs('k=10');
  // The genre of the plain list's 10th item: rare enough in the unfiltered top 10 to need items beyond it.
  const genre = meta(plain.recommendations[9]!.item).genres![0]!;
  const inTop = plain.recommendations.filter((r) => meta(r.item).genres!.includes(genre)).length;
  assert.ok(inTop < 10, 'the plain list is not already all of one genre');
  const got = await recs(`k=10&genres=${encodeURIComponent(genre.toUpperCase())}`);
  assert.equal(got.recommendations.length, 10);
  for (const r of got.recommendations) assert.ok(meta(r.item).genres!.includes(genre), r.item);
  // Filtering before the cut: the filtered list is the plain ranking's qualifying items in the same order.
  const deep = await recs('k=100');
  const expect = deep.recommendations.filter((r) => meta(r.item).genres!.includes(genre)).slice(0, 10);
  assert.deepEqual(
    got.recommendations.map((r) => r.item),
    expect.map((r) => r.item),
  );
  const none = await recs(`k=10&excludeGenres=${encodeURIComponent(genre)}`);
  assert.equal(none.recommendations.length, 10);
  for (const r of none.recommendations) assert.ok(!meta(r.item).genres!.includes(genre), r.item);
});

test('exclude removes items and refills the list; include restricts it', async () => {
  const plain = await recs('k=10');
  const top3 = plain.recommendations.slice(0, 3).map((r) => r.item);
  const ex = await recs(`k=10&exclude=${top3.join(',')}`);
  assert.equal(ex.recommendations.length, 10);
  assert.deepEqual(
    ex.recommendations.slice(0, 7).map((r) => r.item),
    plain.recommendations.slice(3).map((r) => r.item),
  );
  for (const id of top3) assert.ok(!ex.recommendations.some((r) => r.item === id));
  const pick = [plain.recommendations[8]!.item, plain.recommendations[2]!.item];
  const inc = await recs(`k=10&include=${pick.join(',')}`);
  assert.deepEqual(
    inc.recommendations.map((r) => r.item),
    [pick[1], pick[0]],
  );
});

test('a year range and a numeric feature range hold on every item', async () => {
  const got = await recs('k=20&year=1970..1989&range=popularity:..2');
  assert.equal(got.recommendations.length, 20);
  for (const r of got.recommendations) {
    const m = meta(r.item);
    assert.ok(m.year! >= 1970 && m.year! <= 1989, `${r.item} ${m.year}`);
    assert.ok((m.numeric!['popularity'] as number) <= 2, `${r.item}`);
  }
});

test('MMR diversity raises intra-list diversity; λ = 1 is the plain ranking', async () => {
  const deep = await recs('k=100');
  const items = deep.recommendations.map((r) => ({ id: r.item, meta: meta(r.item) }));
  const sim = genreSimilarity(items);
  const at = new Map(items.map((x, i) => [x.id, i]));
  const ild = (r: RecommendationsResponse) =>
    intraListDiversity(
      r.recommendations.map((x) => at.get(x.item)!),
      sim,
    );
  const plain = await recs('k=10');
  const one = await recs('k=10&diversity=1');
  assert.deepEqual(
    one.recommendations.map((r) => r.item),
    plain.recommendations.map((r) => r.item),
  );
  const diverse = await recs('k=10&diversity=0.3');
  assert.equal(diverse.recommendations.length, 10);
  assert.ok(ild(diverse) > ild(plain), `ILD ${ild(diverse)} vs ${ild(plain)}`);
});

test('rules that do not parse answer 400 naming the field', async () => {
  for (const [q, field] of [
    ['year=19x0..2000', /year/],
    ['range=popularity', /range/],
    ['year=2000..1990', /year: min 2000 is above max 1990/],
    ['diversity=2', /diversity/],
  ] as const) {
    const res = await fetch(`${base}/api/users/${user()}/recommendations?${q}`);
    assert.equal(res.status, 400, q);
    assert.match(((await res.json()) as ErrorResponse).message, field);
  }
});

test('onboarding takes the same rules in its body', async () => {
  const ratings = [0, 1, 2, 3].map((i) => ({ item: fx.dataset.items.raw(i), rating: 5 }));
  const genre = meta(fx.dataset.items.raw(0)).genres![0]!;
  const res = await fetch(`${base}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ratings,
      k: 8,
      rules: { excludeGenres: [genre], ranges: { year: { min: 1960 } } },
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const body = (await res.json()) as CreateUserResponse;
  assert.equal(body.recommendations.length, 8);
  for (const r of body.recommendations) {
    assert.ok(!meta(r.item).genres!.includes(genre));
    assert.ok(meta(r.item).year! >= 1960);
  }
});
