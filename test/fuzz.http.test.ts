// Fuzzes the HTTP API's request handling (issue 21): the real server, built in-process over a model trained
// here (as test/api* do), gets random methods, paths, path parameters, query strings and JSON (or not-JSON)
// bodies on every route. Whatever a client sends, the answer is never a 5xx: bad input is a 4xx.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import * as fc from 'fast-check';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';
import { fuzz, fuzzRun } from './fuzz-config.ts';

let fx: Fixture;
let app: FastifyInstance;
before(async () => {
  fx = await makeFixture();
  app = await makeServer(fx);
});
after(() => app?.close());

const ROUTES = [
  '/api/health',
  '/api/ready',
  '/api/models',
  '/api/info',
  '/api/eda',
  '/api/items/search',
  '/api/items/:id',
  '/api/items/:id/similar',
  '/api/users',
  '/api/users/:id',
  '/api/users/:id/ratings',
  '/api/users/:id/recommendations',
  '/api/users/:id/explain/:item',
  '/api/nowhere',
  '/',
];

const QUERY_KEYS = [
  'k',
  'model',
  'q',
  'limit',
  'include',
  'exclude',
  'genres',
  'excludeGenres',
  'year',
  'range',
  'diversity',
  'x',
];

/** Values on the edges of what the schemas take. */
const EDGY = [
  '',
  '0',
  '-1',
  '1',
  '5',
  '1e400',
  'NaN',
  'Infinity',
  '-0',
  '1.5',
  '99999999999',
  'true',
  'null',
  '[]',
  '{}',
  '..',
  '1990..1999',
  'year:1..2',
  ',,,',
  '%',
  '%00',
  '%ZZ',
  '\u0000',
  'x'.repeat(3000),
  'lightgcn',
  'mf-bpr',
  'popular',
  'a,b,c',
];

const text = fc.oneof(
  fc.constantFrom(...EDGY),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

/** A path parameter: a known user or item id (so deep code runs), or anything. */
function idArb(): fc.Arbitrary<string> {
  const users = fx.dataset.users.toJSON();
  const items = fx.dataset.items.toJSON();
  return fc.oneof(
    fc.constantFrom(...users.slice(0, 20)),
    fc.constantFrom(...items.slice(0, 20)),
    text.map((s) => encodeURIComponent(s)),
    fc.constantFrom('..', '%2e%2e', '%2F', 'a%20b', '%C0%AF', '%', '%E2%82'),
  );
}

/** A JSON body shaped like the write requests, with random values where the schema sets limits. */
function ratingsBody(): fc.Arbitrary<unknown> {
  const items = fx.dataset.items.toJSON().slice(0, 30);
  const value = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(0, 10, 10.5, -1, 1e308),
    text,
    fc.constant(null),
  );
  const rating = fc.record(
    { item: fc.oneof(fc.constantFrom(...items), text, fc.integer()), rating: value },
    { requiredKeys: [] },
  );
  return fc.record(
    {
      ratings: fc.oneof(
        fc.array(rating, { maxLength: 5 }),
        value,
        fc.array(rating, { minLength: 199, maxLength: 202 }),
      ),
      k: value,
      model: fc.oneof(text, fc.constantFrom('lightgcn', 'mf-bpr', 'popular')),
      rules: fc.oneof(
        fc.record(
          {
            include: fc.array(fc.oneof(fc.constantFrom(...items), text), { maxLength: 3 }),
            exclude: fc.array(fc.oneof(fc.constantFrom(...items), text), { maxLength: 3 }),
            genres: fc.array(text, { maxLength: 3 }),
            ranges: fc.dictionary(text, fc.record({ min: value, max: value }, { requiredKeys: [] }), {
              maxKeys: 3,
            }),
            diversity: value,
          },
          { requiredKeys: [] },
        ),
        fc.jsonValue(),
      ),
      extra: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );
}

/** One request: method, route with parameters, query and body. */
interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
  route: string;
  ids: string[];
  query: Array<[string, string]>;
  rawQuery: string | null;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string } | null;
}

function reqArb(): fc.Arbitrary<Req> {
  return fc.record({
    method: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('GET' as const, 'POST' as const) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'PUT' as const,
          'DELETE' as const,
          'PATCH' as const,
          'HEAD' as const,
          'OPTIONS' as const,
        ),
      },
    ),
    route: fc.constantFrom(...ROUTES),
    ids: fc.tuple(idArb(), idArb()).map((t) => [...t]),
    query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), text), text), { maxLength: 5 }),
    rawQuery: fc.option(fc.string({ maxLength: 30 }), { freq: 8 }),
    body: fc.option(
      fc.oneof(
        { weight: 4, arbitrary: ratingsBody().map((value) => ({ kind: 'json' as const, value })) },
        { weight: 2, arbitrary: fc.jsonValue().map((value) => ({ kind: 'json' as const, value })) },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('raw' as const),
            text: fc.oneof(
              fc.string({ maxLength: 40 }),
              fc.constantFrom('{', '{"ratings":', '[1,2', 'null', '"x"'),
            ),
            type: fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/octet-stream',
              '',
            ),
          }),
        },
      ),
      { freq: 3 },
    ),
  });
}

function urlOf(r: Req): string {
  let k = 0;
  const path = r.route.replace(/:\w+/g, () => r.ids[k++ % r.ids.length]!);
  const q = r.query.map(([a, v]) => `${encodeURIComponent(a)}=${encodeURIComponent(v)}`);
  if (r.rawQuery !== null) q.push(r.rawQuery.replace(/[#\s]/g, ''));
  return q.length > 0 ? `${path}?${q.join('&')}` : path;
}

test('fuzz http: no request gets a 5xx from the HTTP API', { timeout: 3_600_000 }, async () => {
  await fuzz(
    'http',
    reqArb(),
    async (r) => {
      const url = urlOf(r);
      const res = await app.inject({
        method: r.method,
        url,
        ...(r.body === null
          ? {}
          : r.body.kind === 'json'
            ? {
                payload: JSON.stringify(r.body.value) ?? 'null',
                headers: { 'content-type': 'application/json' },
              }
            : { payload: r.body.text, headers: r.body.type === '' ? {} : { 'content-type': r.body.type } }),
      });
      assert.ok(
        res.statusCode < 500,
        `${r.method} ${url.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`,
      );
    },
    fuzzRun(1000),
  );
});
