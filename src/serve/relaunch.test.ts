import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { needsServeFlags, SERVE_NODE_FLAGS, serveFlagsInEffect } from './relaunch.ts';

test('needsServeFlags: only serve and demo, only when the flag is not given yet', () => {
  assert.equal(needsServeFlags(['serve', '--model', 'm'], [], {}), true);
  assert.equal(needsServeFlags(['demo'], ['--import', 'tsx'], {}), true);
  assert.equal(needsServeFlags(['train', '--model', 'lightgcn'], [], {}), false);
  assert.equal(needsServeFlags([], [], {}), false);
  assert.equal(needsServeFlags(['serve'], ['--max-semi-space-size=32'], {}), false);
  assert.equal(needsServeFlags(['serve'], ['--max_semi_space_size=32'], {}), false);
  assert.equal(needsServeFlags(['serve'], [], { NODE_OPTIONS: '--max-semi-space-size=128' }), false);
  assert.equal(needsServeFlags(['serve'], [], { GNNREC_NO_RELAUNCH: '1' }), false);
  assert.equal(needsServeFlags(['serve'], ['--inspect-brk'], {}), false);
  assert.deepEqual(serveFlagsInEffect(['--inspect', '--max-semi-space-size=64'], { NODE_OPTIONS: '' }), [
    '--max-semi-space-size=64',
  ]);
});

/** Starts a script that relaunches itself as `bin/gnnrec.js` does; `body` runs in the child. */
async function startRelaunching(
  body: string,
  args: string[],
): Promise<{
  parent: ChildProcess;
  firstLine: Promise<string>;
  exited: Promise<{ code: number | null; out: string }>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-relaunch-'));
  const script = join(dir, 'entry.mts');
  const relaunch = pathToFileURL(fileURLToPath(new URL('./relaunch.ts', import.meta.url))).href;
  await writeFile(
    script,
    `import { getHeapSpaceStatistics } from 'node:v8';
import { followParent, relaunchWithServeFlags } from ${JSON.stringify(relaunch)};
if (!relaunchWithServeFlags(${JSON.stringify(script)}, process.argv.slice(2))) {
  followParent();
  const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
  ${body}
}
`,
  );
  const parent = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '', GNNREC_NO_RELAUNCH: '' },
  });
  let out = '';
  let onLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (onLine = resolve));
  parent.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('\n')) onLine(out.split('\n')[0]!);
  });
  const exited = new Promise<{ code: number | null; out: string }>((resolve) =>
    parent.once('exit', (code) => resolve({ code, out })),
  );
  return { parent, firstLine, exited };
}

test('serve is re-run with a 64 MiB semi-space that V8 actually uses; the exit status comes back', async () => {
  const { exited } = await startRelaunching(
    `const keep = []; for (let i = 0; i < 3e6; i++) keep.push({ i });
  console.log(JSON.stringify({ flags: process.execArgv, mib: newSpace() / 2 ** 20, n: keep.length }));
  process.exit(3);`,
    ['serve'],
  );
  const r = await exited;
  assert.equal(r.code, 3);
  const seen = JSON.parse(r.out) as { flags: string[]; mib: number };
  for (const f of SERVE_NODE_FLAGS) assert.ok(seen.flags.includes(f), `child flags ${seen.flags.join(' ')}`);
  // Two semi-spaces of up to 64 MiB: the default caps new space at 32 MiB.
  assert.ok(seen.mib > 32, `new space ${seen.mib} MiB`);
});

test('other commands are not re-run', async () => {
  const r = await (
    await startRelaunching(`console.log(JSON.stringify(process.execArgv));`, ['train'])
  ).exited;
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.out), ['--import', 'tsx']);
});

test('SIGTERM to gnnrec reaches the re-run child, which shuts down cleanly', async () => {
  const { parent, firstLine, exited } = await startRelaunching(
    `process.on('SIGTERM', () => { console.log('stopping'); process.exit(0); });
  console.log('up'); setInterval(() => {}, 1000);`,
    ['demo'],
  );
  assert.equal(await firstLine, 'up');
  parent.kill('SIGTERM');
  const r = await exited;
  assert.equal(r.code, 0);
  assert.equal(r.out, 'up\nstopping\n');
});
