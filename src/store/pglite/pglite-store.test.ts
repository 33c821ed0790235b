import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultPGlitePath, pglitePathOf } from './pglite-store.ts';

test('defaultPGlitePath follows XDG_DATA_HOME, else ~/.local/share', () => {
  assert.equal(defaultPGlitePath({ XDG_DATA_HOME: '/data' }), '/data/gnnrec/store');
  assert.equal(
    defaultPGlitePath({ XDG_DATA_HOME: 'relative' }),
    join(homedir(), '.local/share/gnnrec/store'),
  );
  assert.equal(defaultPGlitePath({}), join(homedir(), '.local/share/gnnrec/store'));
});

test('pglitePathOf maps URLs to data directories', () => {
  assert.equal(pglitePathOf('pglite://:memory:'), undefined);
  assert.equal(pglitePathOf('pglite://', { XDG_DATA_HOME: '/d' }), '/d/gnnrec/store');
  assert.equal(pglitePathOf('pglite:///abs/db'), '/abs/db');
  assert.equal(pglitePathOf('pglite://rel/db'), resolve('rel/db'));
  assert.equal(pglitePathOf('pglite://~/db'), join(homedir(), 'db'));
});
