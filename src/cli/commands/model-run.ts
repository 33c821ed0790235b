import { resolve } from 'node:path';
import { loadDataset } from '../../data/load.ts';
import type { Dataset } from '../../data/types.ts';
import { fingerprint } from '../../models/lightgcn/dataset-info.ts';
import { readManifest, writeManifest } from '../../models/io/manifest.ts';
import { modelFactories, type ModelFactory } from '../../models/index.ts';
import { GnnrecError, UsageError } from '../../util/errors.ts';
import type { DataFormat } from '../../data/load.ts';

/** Where a model's training data came from, recorded in its manifest so `eval` can rebuild the split. */
export interface RunSource {
  /** Absolute dataset path, or null when read from a store. */
  data: string | null;
  format: string;
  store: string | null;
  protocol: string;
  seed: number;
  /** Fingerprint of the dataset's interactions at training time. */
  fingerprint: string;
}

/** The registry entry of `kind`, or a usage error listing the known kinds. */
export function factoryFor(kind: string): ModelFactory {
  const f = modelFactories.get(kind);
  if (!f) throw new UsageError(`unknown model '${kind}' (known: ${[...modelFactories.keys()].join(', ')})`);
  return f;
}

/** Loads a dataset from a path or a store URL (`--data` xor `--store`). */
export async function loadSource(src: { data?: string | null; store?: string | null; format?: string }): Promise<Dataset> {
  if (src.data) return loadDataset(src.data, { format: (src.format ?? 'auto') as DataFormat });
  if (src.store) {
    const { openStore } = await import('../../store/open.ts');
    const store = await openStore(src.store);
    try {
      return await store.readGraph();
    } finally {
      await store.close();
    }
  }
  throw new UsageError('one of --data D or --store URL is required');
}

/** The `RunSource` of a training run. */
export function runSource(o: { data?: string; store?: string; format?: string }, ds: Dataset, protocol: string, seed: number): RunSource {
  return {
    data: o.data ? resolve(o.data) : null,
    format: o.format ?? 'auto',
    store: o.store ?? null,
    protocol,
    seed,
    fingerprint: fingerprint(ds.interactions),
  };
}

/** Adds run source, metrics and extras to a saved model folder's manifest. */
export async function annotateManifest(dir: string, run: RunSource, metrics: Record<string, unknown>, extra: Record<string, unknown>): Promise<void> {
  const m = await readManifest(dir);
  await writeManifest(dir, { ...m, metrics, extra: { ...(m.extra ?? {}), ...extra, run } });
}

/** Reads the run source of a model folder (failing with a clear message for folders trained elsewhere). */
export async function readRunSource(dir: string): Promise<RunSource> {
  const m = await readManifest(dir);
  const run = (m.extra as { run?: RunSource } | undefined)?.run;
  if (!run) throw new GnnrecError(`${dir}/manifest.json: field 'extra.run': missing (model was not trained by 'gnnrec train'; its split cannot be rebuilt)`);
  return run;
}

/** Selects the compute backend named by `--backend` (wasm falls back to js with a one-line notice). */
export async function selectBackend(name: string | undefined, threads?: number): Promise<string> {
  const { setBackend } = await import('../../tensor/backend/registry.ts');
  if (name !== undefined && name !== 'js' && name !== 'wasm') throw new UsageError(`--backend must be js or wasm, got '${name}'`);
  return setBackend((name ?? 'wasm') as 'js' | 'wasm', threads ? { threads } : {});
}

/**
 * Selects the backend commands without a `--backend` flag run on: wasm, the default of train and eval, since dense
 * products, top-k and topkDot run on its threads (falls back to js, with a notice, when the kernels are missing).
 */
export async function useDefaultBackend(): Promise<void> {
  await selectBackend('wasm');
}
