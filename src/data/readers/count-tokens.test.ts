import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countLineTokens } from './count-tokens.ts';
import { readLightGcn } from './lightgcn.ts';

test('countLineTokens counts the items of LightGCN lines across blocks, CRLF, tabs, blank and user-only lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-count-'));
  try {
    const f = join(dir, 'a.txt');
    writeFileSync(f, '0 1 2 3\r\n\n1\t4  5\n   \n2\n3 7');
    assert.equal(await countLineTokens(f), 3 + 2 + 0 + 1);
    // 5 M bytes: past the 4 MiB read block, with tokens cut at its edge.
    const lines: string[] = [];
    let expect = 0;
    for (let u = 0; expect < 700_000; u++) {
      const items = Array.from({ length: 1 + (u % 9) }, (_, k) => String(100_000 + u * 3 + k));
      lines.push(`${u} ${items.join(' ')}`);
      expect += items.length;
    }
    writeFileSync(f, lines.join('\n') + '\n');
    assert.equal(await countLineTokens(f), expect);
    assert.equal(await countLineTokens(join(dir, 'missing.txt')), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a LightGCN read sized by the count returns exact arrays, also when lenient reading drops rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-count-'));
  try {
    writeFileSync(join(dir, 'train.txt'), '0 1 2 3\n1 2 x 4\n2 5 5 6\n3 1\n');
    writeFileSync(join(dir, 'test.txt'), '0 4\n2 7\n');
    const { dataset: ds } = await readLightGcn(dir, { lenient: true });
    // Line 2 (a bad token) is dropped whole, and the second "5" of line 3 as a duplicate.
    const pairs = Array.from(ds.interactions.user, (u, k) => [
      ds.users.raw(u),
      ds.items.raw(ds.interactions.item[k]!),
    ]);
    assert.deepEqual(pairs, [
      ['0', '1'],
      ['0', '2'],
      ['0', '3'],
      ['2', '5'],
      ['2', '6'],
      ['3', '1'],
      ['0', '4'],
      ['2', '7'],
    ]);
    assert.equal(ds.interactions.rating.length, 8);
    assert.deepEqual([...ds.providedSplit!.test], [6, 7]);
    writeFileSync(join(dir, 'train.txt'), '0 1 2 3\n1 2 4\n');
    const exact = (await readLightGcn(dir)).dataset;
    assert.equal(exact.interactions.user.length, 7);
    assert.deepEqual([...exact.interactions.rating], [1, 1, 1, 1, 1, 1, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
