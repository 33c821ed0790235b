// Kept for callers written before the run layer (bench/lightgcn-eval.ts, tune): everything here lives in src/run.
import { selectBackend } from '../../run/backend.ts';
import type { RunSource } from '../../run/source.ts';
export { factoryFor } from '../../run/kinds.ts';
export { loadSource, runSource } from '../../run/source.ts';
export type { RunSource } from '../../run/source.ts';
export { selectBackend };

/** Reads the run source of a model folder (failing with a clear message for folders trained elsewhere). */
export async function readRunSource(dir: string): Promise<RunSource> {
  const { readManifest } = await import('../../models/io/manifest.ts');
  const { manifestRunSource } = await import('../../run/open.ts');
  const run = manifestRunSource(await readManifest(dir));
  if (!run) {
    const { GnnrecError } = await import('../../util/errors.ts');
    throw new GnnrecError(
      `${dir}/manifest.json: field 'extra.run': missing (model was not trained by 'gnnrec train'; its split cannot be rebuilt)`,
    );
  }
  return run;
}

/** Selects the wasm backend (the default of every command; falls back to js with a notice). */
export async function useDefaultBackend(): Promise<void> {
  await selectBackend('wasm');
}
