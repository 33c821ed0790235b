import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, loadDatasetWithReport } from '../load.ts';
import { MAX_INT_ID } from './builder.ts';

function folder(train: string | Buffer, testText: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-lgbytes-'));
  writeFileSync(join(dir, 'train.txt'), train);
  writeFileSync(join(dir, 'test.txt'), testText);
  return dir;
}

/** (raw user, raw item) pairs of a dataset in row order. */
function pairs(ds: Awaited<ReturnType<typeof loadDataset>>): string[] {
  return Array.from(
    ds.interactions.user,
    (u, k) => `${ds.users.raw(u)}:${ds.items.raw(ds.interactions.item[k]!)}`,
  );
}

test('byte-parsed LightGCN lines keep ids as written: CRLF, tabs, BOM, leading zeros and huge ids', async () => {
  const big = String(MAX_INT_ID + 5);
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const train = Buffer.concat([bom, Buffer.from(`0 1 2\r\n7\t3  5 \n07 3\n\n  \n2 ${big} 0\n9\n`)]);
  const ds = await loadDataset(folder(train, '0 4\n7 1'));
  // "07" is its own user, not 7 (numeric order, then text); the huge id goes through the string path; user 9 has no
  // items but counts.
  assert.deepEqual(ds.users.toJSON(), ['0', '2', '07', '7', '9']);
  assert.deepEqual(ds.items.toJSON(), ['0', '1', '2', '3', '4', '5', big]);
  assert.deepEqual(pairs(ds), ['0:1', '0:2', '7:3', '7:5', '07:3', `2:${big}`, '2:0', '0:4', '7:1']);
  assert.deepEqual(Array.from(ds.providedSplit!.test), [7, 8]);
  assert.ok(ds.interactions.rating.every((r) => r === 1));
});

test('byte-parsed LightGCN lines: a bad token or bad UTF-8 is still named by file, line and field', async () => {
  await assert.rejects(
    loadDataset(folder('0 1\n1 2 x3\n', '0 2\n')),
    /train\.txt:2: field 'item 2': id 'x3'/,
  );
  await assert.rejects(
    loadDataset(
      folder(Buffer.concat([Buffer.from('0 1\n1 '), Buffer.from([0xff]), Buffer.from('\n')]), '0 2\n'),
    ),
    /train\.txt:2: .*UTF-8/,
  );
  const { dataset, report } = await loadDatasetWithReport(folder('0 1\n1 2 -3\n2 2\n', '0 2\n'), {
    lenient: true,
  });
  assert.deepEqual(pairs(dataset), ['0:1', '2:2', '0:2']);
  assert.equal(JSON.stringify(report).includes('bad-id'), true);
  await assert.rejects(loadDataset(folder('0 1 1\n', '0 2\n')), /duplicate/);
});
