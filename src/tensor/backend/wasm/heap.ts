/**
 * Allocator over the shared wasm memory: JS owns this memory, the kernels only see pointers.
 * Blocks are 64-byte aligned and rounded to size classes (4 per power of two, < 25% waste) with a
 * free list per class; fresh space comes from a bump pointer that grows the memory on demand.
 * Views handed out are freed explicitly (`free`, called by `Tensor.dispose`/`tidy`) or, as a safety
 * net, when the garbage collector reclaims the view.
 */
export class WasmHeap {
  /** The shared memory every kernel instance imports. */
  readonly memory: WebAssembly.Memory;
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private readonly live = new Map<number, number>();
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private readonly finalizer = new FinalizationRegistry<number>((off) => this.release(off));
  /** Bytes currently allocated (for tests and diagnostics). */
  inUse = 0;

  /** Manages `memory` from byte `base` up. */
  constructor(memory: WebAssembly.Memory, base: number) {
    this.memory = memory;
    this.top = align(base);
    this.buffers.add(memory.buffer);
  }

  /** Whether a typed array is a view into this heap (usable as a kernel pointer). */
  owns(a: ArrayBufferView): boolean {
    return this.buffers.has(a.buffer);
  }

  /** Reserves `bytes` and returns the offset (zero-filled when `zero`). */
  allocBytes(bytes: number, zero = true): number {
    // Empty requests still get a distinct block so offsets stay unique keys.
    const size = sizeClass(Math.max(bytes, 4));
    const list = this.freeLists.get(size);
    let off: number;
    if (list && list.length > 0) {
      off = list.pop() as number;
      if (zero) new Uint8Array(this.buffer(), off, size).fill(0);
    } else {
      off = this.top;
      this.ensure(off + size);
      this.top = off + size;
    }
    this.live.set(off, size);
    this.inUse += size;
    return off;
  }

  /** Returns a block by offset; unknown offsets are ignored. */
  release(off: number): void {
    const size = this.live.get(off);
    if (size === undefined) return;
    this.live.delete(off);
    this.inUse -= size;
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(off);
  }

  /** A Float32Array of `n` elements (zeroed unless `zero` is false) living in the heap, freed when collected. */
  allocF32(n: number, zero = true): Float32Array {
    const off = this.allocBytes(Math.max(4 * n, 4), zero);
    const v = new Float32Array(this.buffer(), off, n);
    this.finalizer.register(v, off, v);
    return v;
  }

  /** Frees a view obtained from `allocF32` (other arrays are ignored). */
  free(a: ArrayBufferView): void {
    if (!this.owns(a)) return;
    if (!this.live.has(a.byteOffset)) return;
    this.finalizer.unregister(a);
    this.release(a.byteOffset);
  }

  /** The current buffer (a new object after each growth; old views stay valid). */
  buffer(): SharedArrayBuffer {
    const b = this.memory.buffer as unknown as SharedArrayBuffer;
    this.buffers.add(b);
    return b;
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const page = 65536;
    const need = Math.ceil((end - have) / page);
    // Grow by at least half the current size so repeated allocations do not grow page by page.
    const want = Math.max(need, Math.ceil(have / page / 2));
    try {
      this.memory.grow(Math.min(want, 65536 - have / page));
    } catch {
      this.memory.grow(need);
    }
    this.buffers.add(this.memory.buffer);
    if (this.memory.buffer.byteLength < end) throw new RangeError(`wasm heap exhausted: need ${end} bytes`);
  }
}

function align(n: number): number {
  return (n + 63) & ~63;
}

/** Rounds a request to its size class: 64-byte steps up to 4 KiB, then 4 classes per power of two. */
export function sizeClass(bytes: number): number {
  if (bytes <= 4096) return align(bytes);
  const e = Math.floor(Math.log2(bytes));
  const step = 2 ** (e - 2);
  return Math.ceil(bytes / step) * step;
}
