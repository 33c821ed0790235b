// Instantiates the wasm backend at 1 and 2 threads for the conformance suite (none when unavailable).
import type { Backend } from '../src/tensor/index.ts';

/** WASM backends to test, or an empty list (with a note) when the module is not built. */
export async function wasmBackendsForTests(): Promise<Backend[]> {
  try {
    const { createWasmBackend } = await import('../src/tensor/backend/wasm/index.ts');
    return [await createWasmBackend(1), await createWasmBackend(2)];
  } catch (err) {
    console.log(`# wasm backend skipped: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}
