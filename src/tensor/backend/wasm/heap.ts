/**
 * Allocator over the shared wasm memory: JS owns this memory, the kernels only see pointers.
 * Blocks are 64-byte aligned and rounded to size classes (4 per power of two, < 25% waste) with a
 * free list per block size; fresh space comes from a bump pointer that grows the memory on demand.
 * When the memory cannot grow (32-bit wasm stops at 4 GiB), adjacent free blocks are merged and a
 * request is cut from the first one large enough: a 10⁸-interaction fit leaves gigabytes in size
 * classes no later request asks for, and without this a dense ranking after it found no room.
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
      off = this.bump(size);
      if (off < 0) {
        off = this.cutFromFree(size);
        if (zero) new Uint8Array(this.buffer(), off, size).fill(0);
      }
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
    this.pushFree(off, size);
  }

  /** Bytes held in free lists (for tests and diagnostics). */
  freeBytes(): number {
    let n = 0;
    for (const [size, list] of this.freeLists) n += size * list.length;
    return n;
  }

  private pushFree(off: number, size: number): void {
    let list = this.freeLists.get(size);
    if (!list) this.freeLists.set(size, (list = []));
    list.push(off);
  }

  /** Fresh space at the top for `size` bytes, or −1 when the memory cannot grow that far. */
  private bump(size: number): number {
    const off = this.top;
    try {
      this.ensure(off + size);
    } catch (err) {
      if (err instanceof RangeError) return -1;
      throw err;
    }
    this.top = off + size;
    return off;
  }

  /**
   * `size` bytes from the free space once adjacent free blocks are merged (a free run that ends at the top lowers
   * the top instead, so the bump pointer can reach past it): the first run large enough, its rest kept free.
   */
  private cutFromFree(size: number): number {
    const runs: Array<[number, number]> = [];
    for (const [bytes, list] of this.freeLists) for (const off of list) runs.push([off, bytes]);
    runs.sort((a, b) => a[0] - b[0]);
    this.freeLists.clear();
    const merged: Array<[number, number]> = [];
    for (const [off, bytes] of runs) {
      const last = merged[merged.length - 1];
      if (last && last[0] + last[1] === off) last[1] += bytes;
      else merged.push([off, bytes]);
    }
    const tail = merged[merged.length - 1];
    if (tail && tail[0] + tail[1] === this.top) {
      merged.pop();
      this.top = tail[0];
    }
    let found = -1;
    for (const [off, bytes] of merged) {
      if (found < 0 && bytes >= size) {
        found = off;
        if (bytes > size) this.pushFree(off + size, bytes - size);
      } else this.pushFree(off, bytes);
    }
    if (found >= 0) return found;
    const off = this.bump(size);
    if (off < 0)
      throw new RangeError(`wasm heap exhausted: need ${size} bytes with ${this.freeBytes()} free`);
    return off;
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
