import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { WasmHeap } from './heap.ts';
import { ThreadPool } from './pool.ts';

type KernelFn = (...args: number[]) => void;

/** The loaded kernel module, its shared memory/heap, and thread pools by size. */
export interface WasmRuntime {
  module: WebAssembly.Module;
  heap: WasmHeap;
  kernels: Record<string, KernelFn>;
  pool(threads: number): Promise<ThreadPool>;
}

/** Where the build step writes the module (override with GNNREC_WASM). */
export function wasmPath(): URL {
  const env = process.env.GNNREC_WASM;
  return env ? new URL(`file://${env}`) : new URL('../../../../build/kernels.wasm', import.meta.url);
}

/** Default thread count: every core the process may use. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

let runtime: Promise<WasmRuntime> | null = null;

async function load(): Promise<WasmRuntime> {
  let bytes: Buffer;
  try {
    bytes = await readFile(wasmPath());
  } catch {
    throw new Error(`kernel module ${wasmPath().pathname} not found; run \`npm run build\``);
  }
  const module = await WebAssembly.compile(new Uint8Array(bytes).buffer as ArrayBuffer);
  // 4 GiB maximum: wasm32's limit, reserved not committed; tensors grow the memory on demand.
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const kernels = instance.exports as unknown as Record<string, KernelFn>;
  const heapBase = (kernels.heap_base as unknown as () => number)();
  const heap = new WasmHeap(memory, heapBase);
  const pools = new Map<number, Promise<ThreadPool>>();
  return {
    module,
    heap,
    kernels,
    pool(threads) {
      let p = pools.get(threads);
      if (!p) pools.set(threads, (p = ThreadPool.start(module, memory, kernels, threads)));
      return p;
    },
  };
}

/** Loads (once) and returns the runtime. */
export function getRuntime(): Promise<WasmRuntime> {
  if (!runtime) {
    runtime = load();
    runtime.catch(() => {
      runtime = null;
    });
  }
  return runtime;
}
