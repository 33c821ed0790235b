import type { Backend } from '../backend.ts';

/** Creates the WebAssembly SIMD backend (placeholder until the kernels land). */
export async function createWasmBackend(threads?: number): Promise<Backend> {
  throw new Error(`wasm kernels are not built (threads=${threads ?? 'auto'})`);
}
