import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { clientKey, limitRequests, RequestCounter } from './rate-limit.ts';

test('RequestCounter allows max requests per window and client, then says how long to wait', () => {
  const c = new RequestCounter(2, 1000, 10);
  assert.deepEqual([c.hit('a', 0), c.hit('a', 10), c.hit('a', 400)], [0, 0, 600]);
  assert.equal(c.hit('b', 400), 0, 'another client has its own count');
  assert.equal(c.hit('a', 1000), 0, 'a new window starts after windowMs');
});

test('clientKey counts an IPv6 client by its /64 network and a mapped IPv4 client by its address', () => {
  assert.equal(clientKey('10.0.0.7'), '10.0.0.7');
  assert.equal(clientKey('::ffff:10.0.0.7'), '10.0.0.7');
  assert.equal(clientKey('2001:DB8:0:1:2:3:4:5'), '2001:db8:0:1::/64');
  assert.equal(clientKey('2001:db8:0:1::9'), clientKey('2001:db8:0:1:ffff::1'));
  assert.notEqual(clientKey('2001:db8:0:1::9'), clientKey('2001:db8:0:2::9'));
  assert.equal(clientKey('::1'), '0:0:0:0::/64');
});

test('limitRequests: 429 with retry headers past the limit; exempt routes and routes with their own limit', async () => {
  const app = Fastify();
  limitRequests(app, { max: 2 });
  app.get('/a', async () => 'a');
  app.get('/b', async () => 'b');
  app.get('/probe', { config: { rateLimit: false } }, async () => 'ok');
  app.post('/write', { config: { rateLimit: { max: 1 } } }, async () => 'w');
  const codes = async (method: 'GET' | 'POST', url: string, n: number): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await app.inject({ method, url })).statusCode);
    return out;
  };
  assert.deepEqual(await codes('GET', '/a', 1), [200]);
  // The global limit counts every route without its own: /b's second request is the client's third.
  assert.deepEqual(await codes('GET', '/b', 2), [200, 429]);
  const refused = await app.inject({ url: '/a' });
  assert.equal(refused.statusCode, 429);
  assert.equal(refused.headers['x-ratelimit-limit'], '2');
  assert.equal(refused.headers['x-ratelimit-remaining'], '0');
  const retry = Number(refused.headers['retry-after']);
  assert.ok(retry >= 1 && retry <= 60, `retry-after ${retry}`);
  assert.match(refused.json<{ message: string }>().message, /Rate limit exceeded, retry in \d+ s/);
  assert.deepEqual(await codes('GET', '/probe', 5), [200, 200, 200, 200, 200]);
  assert.deepEqual(
    await codes('POST', '/write', 2),
    [200, 429],
    'a route limit is counted apart from the global one',
  );
  await app.close();
});
