import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtoWriter } from './protobuf-writer.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('protobuf writer: the wire-format examples of the protobuf encoding guide', () => {
  assert.equal(hex(new ProtoWriter().int(1, 150).finish()), '089601');
  assert.equal(hex(new ProtoWriter().string(2, 'testing').finish()), '120774657374696e67');
  assert.equal(hex(new ProtoWriter().message(3, new ProtoWriter().int(1, 150)).finish()), '1a03089601');
  assert.equal(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish()), '2206038e029ea705');
});

test("protobuf writer: a negative int64 takes ten bytes (two's complement)", () => {
  assert.equal(hex(new ProtoWriter().int(1, -1).finish()), '08ffffffffffffffffff01');
  assert.equal(hex(new ProtoWriter().int(1, 0).string(2, '').finish()), '08001200');
});
