// Safe defaults of the server: closed writes, security headers, Host check, probes outside the rate limit,
// structured logs with request ids, 5xx logged with their cause.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadServedModels } from '../src/serve/served-model.ts';
import { buildServer, type ServerOptions } from '../src/serve/server.ts';
import type { ErrorResponse } from '../src/serve/schemas/types.ts';
import { makeFixture, type Fixture } from './api-fixture.ts';

let fx: Fixture;
before(async () => {
  fx = await makeFixture();
});

/** A server with the library's defaults (no token, no opt-out), plus `extra`. */
async function server(extra: Partial<ServerOptions> = {}) {
  const models = await loadServedModels(fx.dirs);
  return buildServer({ models, dataset: fx.dataset, webRoot: null, ...extra });
}

const ratings = () => [0, 1, 2].map((i) => ({ item: fx.dataset.items.raw(i), rating: 5 }));

test('by default reads are open and anonymous writes are refused with 401', async () => {
  const app = await server();
  const user = fx.dataset.users.raw(0);
  assert.equal((await app.inject({ url: `/api/users/${user}/recommendations` })).statusCode, 200);
  const res = await app.inject({ method: 'POST', url: '/api/users', payload: { ratings: ratings() } });
  assert.equal(res.statusCode, 401);
  assert.match(res.json<ErrorResponse>().message, /GNNREC_TOKEN/);
  const info = await app.inject({ url: '/api/info' });
  assert.equal(info.json<{ tokenRequired: boolean }>().tokenRequired, true);
  await app.close();
});

test('a token opens writes to its holders only; the explicit opt-out opens them to all', async () => {
  const app = await server({ token: 't0ken' });
  const post = (auth?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { ratings: ratings() },
      headers: auth ? { authorization: auth } : {},
    });
  assert.equal((await post()).statusCode, 401);
  assert.equal((await post('Bearer wrong')).statusCode, 401);
  assert.equal((await post('Bearer t0ken')).statusCode, 201);
  await app.close();
  const open = await server({ allowAnonymousWrites: true });
  const res = await open.inject({ method: 'POST', url: '/api/users', payload: { ratings: ratings() } });
  assert.equal(res.statusCode, 201);
  await open.close();
});

test('responses carry security headers with a CSP, and a request id', async () => {
  const app = await server({ logger: { level: 'info', stream: { write: () => true } } });
  const res = await app.inject({ url: '/api/health' });
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  const given = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'abc-123' } });
  assert.equal(given.headers['x-request-id'], 'abc-123');
  await app.close();
});

test('a Host header outside the allowed hosts is refused; probes answer whatever the host', async () => {
  const app = await server();
  const evil = await app.inject({ url: '/api/info', headers: { host: 'evil.example:3000' } });
  assert.equal(evil.statusCode, 400);
  assert.match(evil.json<ErrorResponse>().message, /evil\.example/);
  for (const host of ['localhost:3000', '127.0.0.1:80', '[::1]:3000'])
    assert.equal((await app.inject({ url: '/api/info', headers: { host } })).statusCode, 200, host);
  assert.equal((await app.inject({ url: '/api/health', headers: { host: 'evil.example' } })).statusCode, 200);
  await app.close();
  const listed = await server({ allowedHosts: ['recs.example.com'] });
  const ok = await listed.inject({ url: '/api/info', headers: { host: 'recs.example.com' } });
  assert.equal(ok.statusCode, 200);
  assert.equal((await listed.inject({ url: '/api/info', headers: { host: 'localhost' } })).statusCode, 400);
  await listed.close();
});

test('health and readiness are never rate-limited; other routes are', async () => {
  const app = await server({ rateLimit: { max: 3 } });
  const codes = async (url: string) => {
    const out: number[] = [];
    for (let i = 0; i < 6; i++) out.push((await app.inject({ url })).statusCode);
    return out;
  };
  assert.deepEqual(await codes('/api/health'), [200, 200, 200, 200, 200, 200]);
  assert.deepEqual(await codes('/api/ready'), [200, 200, 200, 200, 200, 200]);
  const info = await codes('/api/info');
  assert.ok(info.includes(429), `no 429 among ${info.join(',')}`);
  await app.close();
});

test('every 5xx is logged with its cause and request id; the client sees neither the cause nor a stack', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const app = await server({
    logger: {
      level: 'info',
      stream: { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) },
    },
  });
  app.get('/api/boom', async () => {
    throw new Error('outer failure', { cause: new Error('disk on fire') });
  });
  const res = await app.inject({ url: '/api/boom' });
  assert.equal(res.statusCode, 500);
  assert.doesNotMatch(res.body, /disk on fire|outer failure/);
  const id = String(res.headers['x-request-id']);
  assert.match(res.json<ErrorResponse>().message, new RegExp(id));
  const errors = lines.filter((l) => l['level'] === 50 && l['reqId'] === id);
  assert.ok(errors.length >= 1, JSON.stringify(lines));
  assert.match(JSON.stringify(errors), /disk on fire/);
  // Ordinary requests are logged too, one line each with method, url and status.
  await app.inject({ url: '/api/info' });
  assert.ok(lines.some((l) => l['url'] === '/api/info' && l['status'] === 200 && l['reqId']));
  await app.close();
});

test('a query with a numeric entity past U+10FFFF is searched, not a 500', async () => {
  const app = await server();
  const res = await app.inject({ url: '/api/items/search?q=%26%2399999999%3B' });
  assert.equal(res.statusCode, 200, res.body);
  await app.close();
});

test('readiness turns 503 while the server closes', async () => {
  const app = await server();
  assert.equal((await app.inject({ url: '/api/ready' })).statusCode, 200);
  app.gnnrec.ready = false;
  assert.equal((await app.inject({ url: '/api/ready' })).statusCode, 503);
  await app.close();
});

test('startServer refuses a non-loopback bind with anonymous writes, before loading anything', async () => {
  const { startServer } = await import('../src/serve/start.ts');
  const lines: string[] = [];
  await assert.rejects(
    startServer({
      modelDirs: fx.dirs,
      dataset: fx.dataset,
      host: '0.0.0.0',
      port: 0,
      allowAnonymousWrites: true,
      log: (l) => lines.push(l),
    }),
    /refusing to listen on 0\.0\.0\.0 with anonymous writes/,
  );
  const { accessOptions } = await import('../src/serve/access-flags.ts');
  const warned: string[] = [];
  const fromArgv = accessOptions({ token: 'short' }, {}, (l) => warned.push(l));
  assert.equal(fromArgv.token, 'short');
  assert.ok(warned.some((l) => /shows in ps/.test(l)));
  assert.ok(warned.some((l) => /shorter than 16/.test(l)));
  const fromEnv = accessOptions({ token: 'argv-token' }, { GNNREC_TOKEN: 'env-token-0123456789' }, () => {});
  assert.equal(fromEnv.token, 'env-token-0123456789');
});
