import type { Backend } from './backend.ts';
import { jsBackend } from './js/index.ts';

/** Names accepted by `setBackend`. */
export type BackendName = 'js' | 'wasm';

let current: Backend = jsBackend;
const known = new Set<Backend>([jsBackend]);

/** Returns storage to whichever backend allocated it (others ignore arrays they do not own). */
export function freeF32(a: Float32Array): void {
  for (const b of known) b.free(a);
}

/** The backend every op dispatches to. */
export function getBackend(): Backend {
  return current;
}

/** Installs an already-initialised backend (tests and the bench use this to compare backends). */
export function useBackend(b: Backend): void {
  known.add(b);
  current = b;
}

/**
 * Selects the backend for all following ops. `wasm` compiles/instantiates the SIMD module and starts
 * its worker threads; when that fails the js backend stays selected and the reason is printed once.
 * Resolves to the name actually in use.
 */
export async function setBackend(name: BackendName, opts: { threads?: number } = {}): Promise<BackendName> {
  if (name === 'js') {
    current = jsBackend;
    return 'js';
  }
  try {
    const { createWasmBackend } = await import('./wasm/index.ts');
    current = await createWasmBackend(opts.threads);
    known.add(current);
    return 'wasm';
  } catch (err) {
    process.stderr.write(
      `gnnrec: wasm backend unavailable (${err instanceof Error ? err.message : String(err)}); using js\n`,
    );
    current = jsBackend;
    return 'js';
  }
}
