// `gnnrec serve` end to end: a model folder and a dataset file on disk, the real CLI process, HTTP over loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecommendationsResponse } from '../src/serve/schemas/types.ts';
import { makeFixture } from './api-fixture.ts';
import { cliArgv } from './cli.ts';

test('gnnrec serve --model DIR --data FILE answers recommendations and stops on SIGTERM', async () => {
  const fx = await makeFixture();
  const { user, item, rating } = fx.dataset.interactions;
  const rows = ['user,item,rating'];
  for (let e = 0; e < user.length; e++)
    rows.push(`${fx.dataset.users.raw(user[e]!)},${fx.dataset.items.raw(item[e]!)},${rating[e]}`);
  const csv = join(await mkdtemp(join(tmpdir(), 'gnnrec-serve-')), 'ratings.csv');
  await writeFile(csv, rows.join('\n') + '\n');

  const child = spawn(
    process.execPath,
    cliArgv(['serve', '--model', fx.dirs[0]!, '--data', csv, '--port', '0']),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  try {
    const u = fx.dataset.users.raw(0);
    const res = await fetch(`${url}/api/users/${u}/recommendations?k=3`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as RecommendationsResponse;
    assert.equal(body.recommendations.length, 3);
    assert.equal((await fetch(`${url}/api/users/nobody/recommendations`)).status, 404);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

test('gnnrec serve without --model is a usage error (exit 2)', async () => {
  const child = spawn(process.execPath, cliArgv(['serve']), { stdio: 'ignore' });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 2);
});
