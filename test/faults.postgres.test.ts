// Faults with a real PostgreSQL server (issue 21): the server stopped in the middle of `gnnrec import`, and
// `gnnrec recommend --all --store` killed (SIGKILL) in the middle of its write-back. Each fault is aimed at
// the moment the write is under way, seen from the server itself (a write lock on the table held by the
// CLI's connection); afterwards the store holds exactly what it held before, and the next run succeeds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../src/data/synthetic.ts';
import type { Dataset } from '../src/data/types.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { runCli, spawnCli } from './cli.ts';
import { datasetView } from './store-fixtures.ts';
import { startPostgres, type PostgresServer } from './store-postgres.ts';

const CI = process.env.CI === 'true' || process.env.CI === '1';

/** Writes interactions `from..to` of a dataset as a generic `user,item,rating,timestamp` CSV file. */
function writeCsv(file: string, ds: Dataset, from = 0, to = ds.interactions.user.length): void {
  const { user, item, rating } = ds.interactions;
  const lines = ['user,item,rating,timestamp'];
  for (let k = from; k < to; k++)
    lines.push(`${ds.users.raw(user[k]!)},${ds.items.raw(item[k]!)},${rating[k]},${1_600_000_000 + k}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

/** Resolves once another connection holds a write lock on one of `tables` (the CLI's write is under way). */
async function writeUnderWay(url: string, tables: RegExp, child: ChildProcess): Promise<boolean> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      const r = await c.query<{ relname: string }>(
        `SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
         WHERE l.mode = 'RowExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid()`,
      );
      if (r.rows.some((x) => tables.test(x.relname))) return true;
      await new Promise((ok) => setTimeout(ok, 2));
    }
  } finally {
    await c.end();
  }
}

/** Waits until no other connection holds a write lock (the killed client's transaction has been rolled back). */
async function quiet(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (let tries = 0; tries < 500; tries++) {
      const r = await c.query(
        `SELECT 1 FROM pg_locks WHERE mode = 'RowExclusiveLock' AND pid <> pg_backend_pid() LIMIT 1`,
      );
      if (r.rowCount === 0) return;
      await new Promise((ok) => setTimeout(ok, 20));
    }
    assert.fail('a killed client still holds write locks after 10 s');
  } finally {
    await c.end();
  }
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((ok) => child.on('close', (code, signal) => ok({ code, signal, stderr })));
}

describe('faults with a real PostgreSQL server', () => {
  let server: PostgresServer | undefined;
  let reason = '';
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gnnrec-faults-pg-'));
    try {
      server = await startPostgres({ fast: true });
    } catch (err) {
      // Under CI the server is installed by .ci/run, so failing to start it is a failure, not a skip.
      if (CI) throw err;
      reason = err instanceof Error ? err.message : String(err);
    }
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test(
    'the server stopped in the middle of an import: a clear error, no partial rows, the next run succeeds',
    { timeout: 300_000 },
    async (t) => {
      if (server === undefined) return t.skip(reason);
      const url = await server.createDatabase('import_stop');
      const ds = generateSynthetic({ users: 4000, items: 800, seed: 9, interactionsPerUser: 20 });
      const small = join(dir, 'small.csv');
      const big = join(dir, 'big.csv');
      writeCsv(small, ds, 0, 200);
      writeCsv(big, ds);
      const first = runCli(['import', '--data', small, '--format', 'csv', '--store', url], {
        timeout: 120_000,
      });
      assert.equal(first.status, 0, first.stderr);
      let s: Store = await openStore(url);
      const before = { counts: await s.counts(), graph: datasetView(await s.readGraph()) };
      await s.close();

      const child = spawnCli(
        ['import', '--data', big, '--format', 'csv', '--store', url, '--batch-size', '2000'],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      const done = exited(child);
      assert.ok(await writeUnderWay(url, /^interactions/, child), 'the import reached the interactions');
      server.pause();
      const r = await done;
      server.resume();
      assert.equal(r.code, 1, `exit ${r.code} ${r.signal}: ${r.stderr}`);
      const line = r.stderr.trim();
      t.diagnostic(`the interrupted import said: ${line}`);
      assert.ok(!line.includes('\n'), `one line: ${line}`);
      assert.doesNotMatch(line, /internal error/);
      assert.match(
        line,
        /^gnnrec: postgres:\/\/postgres@127\.0\.0\.1:\d+\/import_stop: lost the connection to the server in the middle of a transaction \(.+\); the server keeps nothing of an unfinished transaction, so run the command again once the server is up$/,
      );

      s = await openStore(url);
      try {
        assert.deepEqual(await s.counts(), before.counts, 'no partial rows');
        assert.deepEqual(datasetView(await s.readGraph()), before.graph);
      } finally {
        await s.close();
      }
      const again = runCli(['import', '--data', big, '--format', 'csv', '--store', url, '--json'], {
        timeout: 180_000,
      });
      assert.equal(again.status, 0, again.stderr);
      s = await openStore(url);
      try {
        const c = await s.counts();
        assert.equal(c.users, ds.users.size);
        assert.equal(c.interactions, ds.interactions.user.length);
      } finally {
        await s.close();
      }
    },
  );

  test(
    'kill -9 during `recommend --all --store` write-back leaves the previous lists',
    { timeout: 300_000 },
    async (t) => {
      if (server === undefined) return t.skip(reason);
      const url = await server.createDatabase('writeback_kill');
      const ds = generateSynthetic({ users: 2000, items: 200, seed: 8, interactionsPerUser: 10 });
      const csv = join(dir, 'wb.csv');
      writeCsv(csv, ds);
      assert.equal(
        runCli(['import', '--data', csv, '--format', 'csv', '--store', url], { timeout: 120_000 }).status,
        0,
      );
      const model = join(dir, 'wb-model');
      const train = runCli(
        [
          'train',
          '--store',
          url,
          '--model',
          'mf-bpr',
          '--epochs',
          '1',
          '--dim',
          '8',
          '--backend',
          'js',
          '--out',
          model,
        ],
        { timeout: 180_000 },
      );
      assert.equal(train.status, 0, train.stderr);
      const first = runCli(['recommend', '--model', model, '--all', '--store', url, '-k', '5', '--json'], {
        timeout: 180_000,
      });
      assert.equal(first.status, 0, first.stderr);
      const users = [ds.users.raw(0), ds.users.raw(1234), ds.users.raw(1999)];
      let s: Store = await openStore(url);
      const before = {
        counts: await s.counts(),
        lists: await Promise.all(users.map((u) => s.getRecommendations('wb-model', u, 100))),
      };
      await s.close();
      assert.equal(before.counts.recommendations, 2000 * 5);

      // 2000 users × 100 items: a write-back long enough to be caught in the middle.
      const args = ['recommend', '--model', model, '--all', '--store', url, '-k', '100', '--json'];
      const child = spawnCli(args, { stdio: ['ignore', 'ignore', 'pipe'] });
      const done = exited(child);
      const caught = await writeUnderWay(url, /^recommendations/, child);
      child.kill('SIGKILL');
      const r = await done;
      assert.ok(
        caught && r.signal === 'SIGKILL',
        `killed during the write-back (${r.code} ${r.signal} ${r.stderr})`,
      );
      await quiet(url);
      s = await openStore(url);
      try {
        assert.deepEqual(await s.counts(), before.counts, 'the previous lists, whole');
        assert.deepEqual(
          await Promise.all(users.map((u) => s.getRecommendations('wb-model', u, 100))),
          before.lists,
        );
      } finally {
        await s.close();
      }
      const again = runCli(args, { timeout: 180_000 });
      assert.equal(again.status, 0, again.stderr);
      s = await openStore(url);
      try {
        assert.equal((await s.counts()).recommendations, 2000 * 100);
      } finally {
        await s.close();
      }
    },
  );
});
