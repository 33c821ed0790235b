import type { Csr } from '../../tensor/csr.ts';
import { writeManifest } from '../io/manifest.ts';
import type { StoredTensor } from '../io/safetensors.ts';
import type { DatasetInfo } from './dataset-info.ts';

/** The identity a model writes into its manifest. */
export interface ManifestHead {
  kind: string;
  config: object;
  seed: number;
  info: DatasetInfo;
}

/** Writes manifest.json with the fields every model folder shares (`extra` only when given, so older folders stay byte-equal). */
export async function writeModelManifest(
  dir: string,
  head: ManifestHead,
  extra?: Record<string, unknown>,
): Promise<void> {
  await writeManifest(dir, {
    kind: head.kind,
    config: { ...head.config },
    seed: head.seed,
    dataset: head.info.dataset,
    ids: head.info.ids,
    metrics: {},
    ...(extra ? { extra } : {}),
  });
}

/** The users × items binary matrix stored as `PREFIX_indptr` / `PREFIX_indices` in a loaded tensor file. */
export function storedPattern(
  t: Readonly<Record<string, StoredTensor>>,
  prefix: string,
  rows: number,
  cols: number,
): Csr {
  return {
    rows,
    cols,
    indptr: t[`${prefix}_indptr`]!.data as Int32Array,
    indices: t[`${prefix}_indices`]!.data as Int32Array,
    values: null,
  };
}
