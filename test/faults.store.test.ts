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

/** Starts `openers` children racing for the stale locks of `root/0 … root/(folders-1)`; their output lines. */
function race(root: string, openers: number, folders: number): Promise<string[]> {
  const startAt = Date.now() + 3000; // after every child has loaded
  return Promise.all(
    Array.from({ length: openers }, () => {
      const p = spawn(
        process.execPath,
        ['--import', 'tsx', lockChild, root, String(startAt), '3000', String(folders)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      p.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      return new Promise<string>((ok) => p.on('close', () => ok(out.trim())));
    }),
  ).then((outs) => outs.flatMap((o) => o.split('\n')));
}

test('several openers racing for stale PGlite locks: exactly one wins each', async () => {
  const root = tmp();
  const folders = 12;
  // The dead pid after 4 MB of blanks: reading the stale lock takes a few ms instead of a few µs, which widens
  // the window in which a non-atomic takeover lets two openers win (on 2 busy cores it would rarely show).
  const stale = ' '.repeat(4 << 20) + String(deadPid());
  for (let k = 0; k < folders; k++) {
    mkdirSync(join(root, String(k)));
    writeFileSync(join(root, String(k), 'gnnrec.lock'), stale);
  }
  const lines = await race(root, 6, folders);
  assert.equal(lines.length, 6 * folders, lines.join('\n'));
  for (let k = 0; k < folders; k++) {
    const mine = lines.filter((l) => l.startsWith(`${k} `)).map((l) => l.slice(String(k).length + 1));
    assert.equal(mine.filter((r) => r === 'won').length, 1, `folder ${k}: ${JSON.stringify(mine)}`);
    for (const r of mine) if (r !== 'won') assert.match(r, /^lost PGlite store .* is in use by process \d+/);
    // Released: nothing left behind (no lock, no takeover marker, no temp file).
    assert.deepEqual(readdirSync(join(root, String(k))), []);
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
