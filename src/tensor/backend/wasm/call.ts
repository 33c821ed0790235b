import type { WasmHeap } from './heap.ts';

/**
 * Pointer resolution for one kernel call: arrays already in the heap are passed by offset; others are
 * copied into temporary blocks (and copied back for outputs) so callers may pass any typed array.
 */
export class KernelCall {
  private readonly temps: number[] = [];
  private readonly back: Array<[Float32Array | Int32Array, number]> = [];

  /** Binds a call to `heap`. */
  constructor(private readonly heap: WasmHeap) {}

  /** Pointer to a read-only operand. */
  input(a: Float32Array | Int32Array): number {
    if (this.heap.owns(a)) return a.byteOffset;
    const off = this.heap.allocBytes(a.byteLength, false);
    this.temps.push(off);
    const view =
      a instanceof Float32Array
        ? new Float32Array(this.heap.buffer(), off, a.length)
        : new Int32Array(this.heap.buffer(), off, a.length);
    view.set(a);
    return off;
  }

  /** Pointer to an output; `read` when the kernel also reads it (beta ≠ 0, in-place updates). */
  output(a: Float32Array, read: boolean): number {
    if (this.heap.owns(a)) return a.byteOffset;
    const off = this.heap.allocBytes(a.byteLength, false);
    this.temps.push(off);
    if (read) new Float32Array(this.heap.buffer(), off, a.length).set(a);
    this.back.push([a, off]);
    return off;
  }

  /** Pointer to an int32 output the kernel writes entirely. */
  outputI32(a: Int32Array): number {
    if (this.heap.owns(a)) return a.byteOffset;
    const off = this.heap.allocBytes(Math.max(a.byteLength, 4), false);
    this.temps.push(off);
    this.back.push([a, off]);
    return off;
  }

  /** Scratch space of `n` floats, freed with the call. */
  scratch(n: number): number {
    const off = this.heap.allocBytes(4 * n, false);
    this.temps.push(off);
    return off;
  }

  /** Copies outputs back and frees temporaries. */
  finish(): void {
    for (const [a, off] of this.back) {
      if (a instanceof Float32Array) a.set(new Float32Array(this.heap.buffer(), off, a.length));
      else a.set(new Int32Array(this.heap.buffer(), off, a.length));
    }
    for (const off of this.temps) this.heap.release(off);
  }
}
