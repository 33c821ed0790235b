import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSafetensors, decodeSafetensors, saveSafetensors, loadSafetensors } from './safetensors.ts';
import { InputError } from '../../util/errors.ts';

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

/** A valid file with the header JSON replaced by `header` (padding kept out: offsets are what the test says). */
function withHeader(header: string, data = new Uint8Array(16)): Uint8Array {
  const h = Buffer.from(header, 'utf8');
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

test('damaged safetensors headers are errors naming the file and tensor, never a crash', () => {
  const f = '/models/m1/tensors.safetensors';
  const cases: Array<[string, RegExp]> = [
    ['{not json', /m1\/tensors\.safetensors: field 'header': safetensors header is not JSON/],
    ['null', /m1\/tensors\.safetensors: field 'header': .*must be a JSON object, got null/],
    ['[1,2]', /must be a JSON object, got an array/],
    ['{"a":null}', /field 'a': tensor entry must be an object/],
    [
      '{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}',
      /field 'a': data_offsets \[8, 0\] are reversed/,
    ],
    [
      '{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}',
      /field 'b': byte range \[8, 12\) overlaps tensor 'a'/,
    ],
    [
      '{"a":{"dtype":"F32","shape":[8],"data_offsets":[0,32]}}',
      /field 'a': tensor data \[0, 32\) runs past end of file/,
    ],
    [
      '{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}',
      /data_offsets hold 8 bytes but shape \[3\] of F32 needs 12/,
    ],
    [
      '{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}',
      /shape must be a list of non-negative integers/,
    ],
    ['{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}', /unsupported dtype "F64"/],
    [
      '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0.5,4]}}',
      /data_offsets must be two non-negative integers/,
    ],
  ];
  for (const [header, re] of cases)
    assert.throws(
      () => decodeSafetensors(withHeader(header), f),
      (e: Error) => e instanceof InputError && re.test(e.message),
      header,
    );
  assert.throws(
    () => decodeSafetensors(Uint8Array.of(1, 2, 3), f),
    /m1\/tensors\.safetensors: truncated safetensors file/,
  );
  const huge = new Uint8Array(16);
  new DataView(huge.buffer).setBigUint64(0, 2n ** 63n, true);
  assert.throws(() => decodeSafetensors(huge, f), /header runs past end of file/);
  assert.throws(
    () => decodeSafetensors(withHeader('{}  ').fill(0xff, 8, 10), f),
    /m1\/tensors\.safetensors: field 'header': safetensors header is not UTF-8/,
  );
});

test('loadSafetensors names a missing file, a folder in its place and a truncated file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-st-'));
  await assert.rejects(
    loadSafetensors(join(dir, 'none.safetensors')),
    /none\.safetensors: missing: the model folder is incomplete/,
  );
  await mkdir(join(dir, 'd.safetensors'));
  await assert.rejects(
    loadSafetensors(join(dir, 'd.safetensors')),
    /d\.safetensors: is a folder, expected the model's tensors file/,
  );
  const full = encodeSafetensors({ w: { shape: [64], data: new Float32Array(64) } });
  await writeFile(join(dir, 'cut.safetensors'), full.subarray(0, full.length - 10));
  await assert.rejects(
    loadSafetensors(join(dir, 'cut.safetensors')),
    /cut\.safetensors: field 'w': tensor data .* runs past end of file/,
  );
});
