import { resolve } from 'node:path';
import { loadDataset, type DataFormat } from '../data/load.ts';
import type { Dataset } from '../data/types.ts';
import { fingerprint } from '../models/shared/dataset-info.ts';
import { GnnrecError, UsageError } from '../util/errors.ts';

/** Where a run's data came from, recorded in its manifest (`extra.run`) so a reopened run can rebuild its split. */
export interface RunSource {
  /** Absolute dataset path, or null when read from a store (or handed over in memory). */
  data: string | null;
  format: string;
  store: string | null;
  protocol: string;
  seed: number;
  /** Fingerprint of the dataset's interactions at training time. */
  fingerprint: string;
}

/** A dataset location: a path (`data`, with an optional reader `format`) or a store URL. */
export interface SourceRef {
  data?: string | null;
  store?: string | null;
  format?: string;
}

/** Loads a dataset from a path or a store URL (exactly one of them). */
export async function loadSource(src: SourceRef): Promise<Dataset> {
  if (src.data) return loadDataset(src.data, { format: (src.format ?? 'auto') as DataFormat });
  if (src.store) {
    const { openStore } = await import('../store/open.ts');
    const store = await openStore(src.store);
    try {
      return await store.readGraph();
    } finally {
      await store.close();
    }
  }
  throw new UsageError('one of --data D or --store URL is required');
}

/** The `RunSource` of a training run on `ds`. */
export function runSource(src: SourceRef, ds: Dataset, protocol: string, seed: number): RunSource {
  return {
    data: src.data ? resolve(src.data) : null,
    format: src.format ?? 'auto',
    store: src.store ?? null,
    protocol,
    seed,
    fingerprint: fingerprint(ds.interactions),
  };
}

/** Whether a run source names data that can be read again (a path or a store). */
export function hasData(run: RunSource): boolean {
  return run.data !== null || run.store !== null;
}

/** Loads a run's dataset and checks it is the data the model was trained on (same interactions fingerprint). */
export async function loadRunData(run: RunSource): Promise<Dataset> {
  const ds = await loadSource(run);
  const now = fingerprint(ds.interactions);
  if (now !== run.fingerprint)
    throw new GnnrecError(
      `${run.data ?? run.store}: data changed since training (fingerprint ${now}, model has ${run.fingerprint})`,
    );
  return ds;
}
