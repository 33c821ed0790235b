import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cliArgv } from '../../test/cli.ts';

function run(args: string[]) {
  return spawnSync(process.execPath, cliArgv(args), { encoding: 'utf8' });
}

test('gnnrec --help exits 0 and lists usage', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Usage: gnnrec/);
});

test('an unknown command is a usage error (exit 2)', () => {
  const r = run(['no-such-command']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^error: /);
});
