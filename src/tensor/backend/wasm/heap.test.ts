import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmHeap } from './heap.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A heap over a shared memory that cannot grow past 4 MiB: what 32-bit wasm's 4 GiB is to a 10⁸ fit. */
function smallHeap(): WasmHeap {
  return new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true }), 0);
}

test('wasm heap: a new size class fits into merged free blocks when the memory cannot grow', () => {
  const heap = smallHeap();
  const blocks = Array.from({ length: 8 }, () => heap.allocF32((256 * KiB) / 4));
  const first = blocks[0].byteOffset;
  const keep = heap.allocF32((1.5 * MiB) / 4);
  for (const b of blocks) b.fill(7);
  for (const b of blocks) heap.free(b);
  assert.equal(heap.freeBytes(), 2 * MiB);
  // 1.5 MiB more does not fit under 4 MiB beside what is held, and no free block is that size.
  const big = heap.allocF32((1.5 * MiB) / 4);
  assert.equal(big.byteOffset, first);
  assert.ok(
    big.every((x) => x === 0),
    'zero-filled',
  );
  assert.equal(heap.freeBytes(), 0.5 * MiB);
  assert.ok(heap.memory.buffer.byteLength <= 4 * MiB);
  // The rest of the merged run is served too, and a request no run can hold is a clear error.
  const rest = heap.allocF32((0.5 * MiB) / 4);
  assert.equal(rest.byteOffset, first + 1.5 * MiB);
  assert.throws(() => heap.allocF32((2 * MiB) / 4), /wasm heap exhausted: need \d+ bytes with 0 free/);
  assert.equal(keep.length, (1.5 * MiB) / 4);
});

test('wasm heap: a free run at the top gives its space back to the bump pointer', () => {
  const heap = smallHeap();
  const low = heap.allocF32(MiB / 4);
  const a = heap.allocF32(MiB / 4);
  const b = heap.allocF32(MiB / 4);
  heap.free(a);
  heap.free(b);
  // 2.5 MiB: more than the merged 2 MiB run, which ends at the top, so the top drops to it and the bump fits it.
  const c = heap.allocF32((2.5 * MiB) / 4);
  assert.equal(c.byteOffset, a.byteOffset);
  assert.equal(heap.freeBytes(), 0);
  assert.equal(heap.inUse, 3.5 * MiB);
  heap.free(low);
  assert.equal(heap.freeBytes(), MiB);
});
