import type { BackendName } from '../tensor/backend/registry.ts';
import { UsageError } from '../util/errors.ts';

/** Selects the compute backend (`wasm`, the default, falls back to `js` with a one-line notice); returns its name. */
export async function selectBackend(name?: string, threads?: number): Promise<string> {
  const { setBackend } = await import('../tensor/backend/registry.ts');
  if (name !== undefined && name !== 'js' && name !== 'wasm')
    throw new UsageError(`--backend must be js or wasm, got '${name}'`);
  return setBackend((name ?? 'wasm') as BackendName, threads ? { threads } : {});
}
