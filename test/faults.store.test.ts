// Store faults (issue 21): the stale-lock takeover races, a pglite:// folder that is not a store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.ts';

const lockChild = fileURLToPath(new URL('./faults-lock-child.ts', import.meta.url));

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'gnnrec-faults-store-'));
}

/** A pid no process has now (a child that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

function race(dir: string, openers: number): Promise<string[]> {
  const startAt = Date.now() + 1500; // after every child has loaded
  return Promise.all(
    Array.from({ length: openers }, () => {
      const p = spawn(process.execPath, ['--import', 'tsx', lockChild, dir, String(startAt), '3000'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      p.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      return new Promise<string>((ok) => p.on('close', () => ok(out.trim())));
    }),
  );
}

test('several openers racing for a stale PGlite lock: exactly one wins', async () => {
  for (let round = 0; round < 3; round++) {
    const dir = tmp();
    writeFileSync(join(dir, 'gnnrec.lock'), String(deadPid()));
    const results = await race(dir, 6);
    const won = results.filter((r) => r === 'won');
    assert.equal(won.length, 1, `round ${round}: ${JSON.stringify(results)}`);
    for (const r of results)
      if (r !== 'won') assert.match(r, /^lost PGlite store .* is in use by process \d+/);
    // Nothing left behind but (at most) the released lock's absence.
    assert.deepEqual(readdirSync(dir), []);
  }
});

test('pglite:// refuses a non-empty folder that is not a gnnrec store, and writes nothing there', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'notes.txt'), 'my own file\n');
  mkdirSync(join(dir, 'photos'));
  await assert.rejects(
    openStore(`pglite://${dir}`),
    /folder is not empty and is not a gnnrec store \(it holds notes\.txt, photos\)/,
  );
  assert.deepEqual(readdirSync(dir).sort(), ['notes.txt', 'photos']);
  // An empty folder becomes a store; reopening it works.
  const empty = tmp();
  const s = await openStore(`pglite://${empty}`);
  await s.close();
  const again = await openStore(`pglite://${empty}`);
  assert.equal((await again.counts()).interactions, 0);
  await again.close();
  assert.ok(readdirSync(empty).includes('gnnrec-store.json'));
});
