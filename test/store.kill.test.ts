// Kills an import mid-way (SIGKILL) and proves the store unchanged: one transaction per import.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.ts';
import { datasetView, tinyDataset } from './store-fixtures.ts';
import { startPostgres } from './store-postgres.ts';
import type { PostgresServer } from './store-postgres.ts';

const child = fileURLToPath(new URL('./store-kill-child.ts', import.meta.url));
const CI = process.env.CI === 'true' || process.env.CI === '1';

/** Runs the child until it has written `batches` interaction batches, then SIGKILLs it. */
function importAndKill(url: string, batches: number): Promise<{ killed: boolean; seen: number }> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let stderr = '';
    let finished = false;
    p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line.startsWith('batch ')) seen++;
        if (line === 'done') finished = true;
      }
      if (seen >= batches && !p.killed) p.kill('SIGKILL');
    });
    p.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    p.on('error', fail);
    p.on('close', (_code, signal) => {
      if (finished) fail(new Error('the import finished before it could be killed'));
      else if (signal !== 'SIGKILL') fail(new Error(`child exited early: ${stderr.trim()}`));
      else ok({ killed: true, seen });
    });
  });
}

/** Runs the child to completion or failure, returning its exit code and stderr. */
function importToEnd(url: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, url], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    p.on('error', fail);
    p.on('close', (code) => ok({ code, stderr }));
  });
}

async function killedImportLeavesStore(url: string, embedded = false): Promise<void> {
  const s = await openStore(url);
  await s.clear();
  await s.importDataset(tinyDataset());
  const before = datasetView(await s.readGraph());
  const counts = await s.counts();
  await s.close();

  const r = await importAndKill(url, 2);
  assert.ok(r.seen >= 2, 'the child wrote some batches before it was killed');

  const again = await openStore(url);
  try {
    assert.deepEqual(await again.counts(), counts);
    assert.deepEqual(datasetView(await again.readGraph()), before);
    // The store still takes writes after the crash.
    await again.addRatings('u1', [{ itemId: 'm5', rating: 4 }]);
    assert.equal((await again.counts()).interactions, counts.interactions + 1);
    if (embedded) {
      // The killed child's lock was stale and taken over; a live holder keeps others out.
      await assert.rejects(openStore(url), /already open in this process/);
      const other = await importToEnd(url);
      assert.notEqual(other.code, 0);
      assert.match(other.stderr, new RegExp(`in use by process ${process.pid}`));
    }
  } finally {
    await again.close();
  }
}

describe('killing an import mid-way leaves the previous state', () => {
  let dir: string;
  let server: PostgresServer | undefined;
  let reason = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gnnrec-kill-'));
    try {
      server = await startPostgres({ fast: true });
    } catch (err) {
      if (CI) throw err;
      reason = err instanceof Error ? err.message : String(err);
    }
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('file-backed PGlite', { timeout: 120_000 }, async () => {
    await killedImportLeavesStore(`pglite://${join(dir, 'store')}`, true);
  });

  test('PostgreSQL server', { timeout: 120_000 }, async (t) => {
    if (server === undefined) return t.skip(reason);
    await killedImportLeavesStore(server.url);
  });
});
