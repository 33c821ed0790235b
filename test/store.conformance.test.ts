// One conformance suite, run against every store adapter: PGlite (in memory), a real PostgreSQL
// server started here from Debian's packages, and ArangoDB when ARANGODB_URL names a server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../src/store/store.ts';
import { openStore } from '../src/store/open.ts';
import { StoreError } from '../src/store/errors.ts';
import { storeConformance } from './store-conformance.ts';
import { startPostgres } from './store-postgres.ts';
import type { PostgresServer } from './store-postgres.ts';

const CI = process.env.CI === 'true' || process.env.CI === '1';

describe('store: pglite (in memory)', () => {
  let store: Store;
  before(async () => {
    store = await openStore('pglite://:memory:');
  });
  after(() => store.close());
  storeConformance(() => store);
});

describe('store: postgres server', () => {
  let server: PostgresServer | undefined;
  let store: Store | undefined;
  let reason = '';
  before(async () => {
    try {
      server = await startPostgres({ fast: true });
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
      // Under CI the server is installed by .ci/run, so failing to start it is a failure, not a skip.
      if (CI) throw err;
      console.log(`# skipping PostgreSQL conformance: ${reason}`);
      return;
    }
    store = await openStore(server.url);
  });
  after(async () => {
    await store?.close();
    await server?.stop();
  });
  test('server started (or skipped outside CI with a reason)', (t) => {
    if (store === undefined) t.skip(reason);
  });
  storeConformance(() => store ?? reason);
});

describe('store: arangodb', () => {
  const url = process.env.ARANGODB_URL;
  if (url === undefined || url === '') {
    test('skipped: ARANGODB_URL is not set (no ArangoDB server on this machine)', (t) => {
      console.log(
        '# skipping ArangoDB conformance: set ARANGODB_URL=arangodb://user:pass@host:8529/db to run it',
      );
      t.skip('ARANGODB_URL not set');
    });
    return;
  }
  let store: Store;
  before(async () => {
    store = await openStore(url);
  });
  after(() => store.close());
  storeConformance(() => store);
});

describe('store URLs', () => {
  test('an unknown scheme is a clear StoreError', async () => {
    await assert.rejects(
      openStore('mysql://localhost/db'),
      (e: unknown) =>
        e instanceof StoreError &&
        /unsupported store URL 'mysql:\/\/localhost\/db': expected pglite:\/\//.test(e.message),
    );
    await assert.rejects(openStore('just-a-path'), StoreError);
  });
  test('an unreachable PostgreSQL names the URL without the password', async () => {
    await assert.rejects(openStore('postgres://me:secret@127.0.0.1:1/db'), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /^cannot connect to postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/db: /);
      assert.doesNotMatch(e.message, /secret/);
      return true;
    });
  });
});

describe('store URLs (ArangoDB)', () => {
  test('an unreachable ArangoDB names the URL without the password', async () => {
    await assert.rejects(openStore('arangodb://root:secret@127.0.0.1:1/movies'), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.match(e.message, /^cannot connect to arangodb:\/\/root:\*\*\*@127\.0\.0\.1:1\/movies: /);
      assert.doesNotMatch(e.message, /secret/);
      return true;
    });
  });
});
