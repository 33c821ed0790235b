import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('batchedStderr writes every line in order: once per event-loop turn, and what is pending at exit', () => {
  const sink = fileURLToPath(new URL('./log-stream.ts', import.meta.url));
  const script = [
    `const { batchedStderr } = await import(${JSON.stringify(sink)});`,
    'const s = batchedStderr();',
    "if (s !== batchedStderr()) throw new Error('one sink per process');",
    "s.write('a\\n'); s.write('b\\n');",
    "setImmediate(() => setImmediate(() => { s.write('c\\n'); s.write('d\\n'); process.exit(3); }));",
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stderr, 'a\nb\nc\nd\n');
});
