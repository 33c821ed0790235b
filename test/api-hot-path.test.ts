// The HTTP fast path for cached recommendation answers, over real HTTP on loopback: it answers exactly as the router
// does (status, headers, body), counts toward the same request limit, keeps the Host check, logs each request with
// its id, and leaves every other request (and every cache miss) to the router.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';

const TOKEN = 'hot-path-test-token-0123456789';
let fx: Fixture;
before(async () => {
  fx = await makeFixture();
});

/** A listening server whose router counts the requests it sees (the fast path never reaches it). */
async function serve(
  extra: Parameters<typeof makeServer>[1] = {},
): Promise<{ app: FastifyInstance; base: string; routed: string[]; lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = [];
  const app = await makeServer(fx, {
    token: TOKEN,
    logger: { stream: { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) } },
    ...extra,
  });
  const routed: string[] = [];
  app.addHook('onRequest', (req, _reply, done) => {
    routed.push(req.url);
    done();
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base, routed, lines };
}

const servers: FastifyInstance[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

/** Headers of a response without those that differ between any two answers (date, request id). */
function stable(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (k !== 'date' && k !== 'x-request-id') out[k] = v;
  });
  return out;
}

test('a cached answer skips the router and equals the router’s answer: status, headers and body', async () => {
  const hot = await serve();
  const cold = await serve({ hotPath: false });
  servers.push(hot.app, cold.app);
  const user = fx.dataset.users.raw(3);
  for (const path of [`/api/users/${user}/recommendations`, `/api/users/${user}/recommendations?k=7`]) {
    const first = await fetch(hot.base + path); // a miss: the router computes and caches it
    const again = await fetch(hot.base + path); // cached: the fast path
    const routed = await fetch(cold.base + path);
    assert.equal(again.status, 200);
    const body = await again.text();
    assert.equal(body, await first.text());
    assert.equal(body, await routed.text());
    assert.deepEqual(stable(again), stable(routed));
    assert.ok(stable(again)['content-security-policy'], 'security headers are sent');
    assert.equal(again.headers.get('content-type'), 'application/json; charset=utf-8');
  }
  const seen = hot.routed.filter((u) => u.includes('/recommendations'));
  assert.equal(seen.length, 2, `the router saw only the two misses: ${seen.join(', ')}`);
  assert.equal(cold.routed.filter((u) => u.includes('/recommendations')).length, 2);
});

test('every request the fast path does not fully own goes to the router, which answers as always', async () => {
  const s = await serve();
  servers.push(s.app);
  const user = fx.dataset.users.raw(4);
  await fetch(`${s.base}/api/users/${user}/recommendations`); // cache the default-k body
  s.routed.length = 0;
  const cases: Array<[string, number]> = [
    [`/api/users/${user}/recommendations?k=0`, 400],
    [`/api/users/${user}/recommendations?k=101`, 400],
    [`/api/users/${user}/recommendations?k=10&k=11`, 400],
    [`/api/users/${user}/recommendations?model=nope`, 404],
    [`/api/users/${user}/recommendations?k=10&genres=Drama`, 200],
    [`/api/users/${encodeURIComponent(user)}%20/recommendations`, 404],
    ['/api/users/nobody-here/recommendations', 404],
    [`/api/users/${user}/recommendations/`, 404],
  ];
  for (const [path, status] of cases) assert.equal((await fetch(s.base + path)).status, status, path);
  assert.equal(s.routed.length, cases.length, 'each of them reached the router');
  // fetch cannot set Host: a plain request does.
  const evil = await new Promise<number>((resolve, reject) => {
    const req = request(
      `${s.base}/api/users/${user}/recommendations`,
      { headers: { host: 'evil.example' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.equal(evil, 400, 'a refused Host is refused, cached body or not');
  const head = await fetch(`${s.base}/api/users/${user}/recommendations`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('fast-path and routed requests count toward one request limit; past it the answer is a 429', async () => {
  const s = await serve({ rateLimit: { max: 4, writeMax: 4 } });
  servers.push(s.app);
  const path = `/api/users/${fx.dataset.users.raw(5)}/recommendations`;
  const codes: number[] = [];
  codes.push((await fetch(s.base + path)).status); // routed (miss)
  codes.push((await fetch(s.base + path)).status); // fast
  codes.push((await fetch(`${s.base}/api/info`)).status); // routed
  codes.push((await fetch(s.base + path)).status); // fast: the 4th
  const refused = await fetch(s.base + path); // the 5th: refused by the router
  codes.push(refused.status);
  assert.deepEqual(codes, [200, 200, 200, 200, 429]);
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  assert.equal((await fetch(`${s.base}/api/health`)).status, 200, 'probes stay outside the limit');
});

test('the fast path logs each request with its id (a client’s own is kept), and updates show on the next GET', async () => {
  const s = await serve();
  servers.push(s.app);
  const user = fx.dataset.users.raw(6);
  const path = `/api/users/${user}/recommendations`;
  const before = await (await fetch(s.base + path)).text();
  const res = await fetch(s.base + path);
  await res.text();
  const id = res.headers.get('x-request-id')!;
  assert.match(id, /^[0-9a-f-]{36}$/);
  const given = await fetch(s.base + path, { headers: { 'x-request-id': 'client-id-42' } });
  assert.equal(given.headers.get('x-request-id'), 'client-id-42');
  await given.text();
  await new Promise((r) => setTimeout(r, 20)); // lines are written after the answer
  for (const reqId of [id, 'client-id-42']) {
    const line = s.lines.find((l) => l['reqId'] === reqId);
    assert.ok(line, `a log line for ${reqId}`);
    assert.equal(line['msg'], 'request');
    assert.equal(line['url'], path);
    assert.equal(line['status'], 200);
    assert.equal(line['method'], 'GET');
    assert.equal(typeof line['ms'], 'number');
  }
  // A rating drops the cached answer: the next GET is routed and shows the change, then is cached again.
  const top = (JSON.parse(before) as { recommendations: Array<{ item: string }> }).recommendations[0]!.item;
  const posted = await fetch(`${s.base}/api/users/${user}/ratings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ ratings: [{ item: top, rating: 5 }] }),
  });
  assert.equal(posted.status, 200, await posted.clone().text());
  const after = await (await fetch(s.base + path)).text();
  assert.notEqual(after, before);
  const items = (JSON.parse(after) as { recommendations: Array<{ item: string }> }).recommendations.map(
    (r) => r.item,
  );
  assert.ok(!items.includes(top), 'the item just rated is no longer recommended');
  assert.equal(await (await fetch(s.base + path)).text(), after);
});
