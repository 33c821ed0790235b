import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors, decodeSafetensors, saveSafetensors, loadSafetensors } from './safetensors.ts';

test('safetensors round-trips F32 and I32 tensors with an aligned data section', () => {
  const buf = encodeSafetensors({
    emb: { shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6.5) },
    idx: { shape: [3], data: Int32Array.of(7, -1, 9) },
  });
  const headerLen = Number(new DataView(buf.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLen) % 8, 0);
  const back = decodeSafetensors(buf);
  assert.deepEqual(back.emb.shape, [2, 3]);
  assert.deepEqual(Array.from(back.emb.data), [1, 2, 3, 4, 5, 6.5]);
  assert.ok(back.idx.data instanceof Int32Array);
  assert.deepEqual(Array.from(back.idx.data), [7, -1, 9]);
  assert.throws(() => decodeSafetensors(buf.subarray(0, 20), 'x.safetensors'), /x\.safetensors: .*past end/);
});

test('saveSafetensors leaves no temp file behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-st-'));
  await saveSafetensors(join(dir, 't.safetensors'), { a: { shape: [1], data: Float32Array.of(3) } });
  assert.deepEqual(await readdir(dir), ['t.safetensors']);
  const t = await loadSafetensors(join(dir, 't.safetensors'));
  assert.equal(t.a.data[0], 3);
});
