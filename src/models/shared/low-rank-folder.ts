import { join } from 'node:path';
import type { Csr } from '../../tensor/csr.ts';
import { readManifest, type Manifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import { storedPattern, writeModelManifest, type ManifestHead } from './model-folder.ts';

/** What a low-rank graph filter (GF-CF, spectral) stores: R's pattern, the item vectors V_k and their singular values. */
export interface LowRankParts {
  /** Binary training matrix R (users × items); only its pattern is stored. */
  seen: Csr;
  /** Item vectors V_k, row-major items × rank. */
  v: Float32Array;
  rank: number;
  singularValues: Float64Array;
}

/** Writes a low-rank filter's folder: tensors.safetensors (r_indptr, r_indices, v, singular_values) and manifest.json. */
export async function saveLowRankFolder(dir: string, head: ManifestHead, parts: LowRankParts): Promise<void> {
  const { seen, v, rank, singularValues } = parts;
  await saveSafetensors(join(dir, 'tensors.safetensors'), {
    r_indptr: { shape: [seen.indptr.length], data: seen.indptr },
    r_indices: { shape: [seen.indices.length], data: seen.indices },
    v: { shape: [seen.cols, rank], data: v },
    singular_values: { shape: [singularValues.length], data: Float32Array.from(singularValues) },
  });
  await writeModelManifest(dir, head, { rank });
}

/** Reads a folder written by `saveLowRankFolder` (σ comes back as float64 of the stored float32 values). */
export async function loadLowRankFolder(dir: string): Promise<{ manifest: Manifest; parts: LowRankParts }> {
  const manifest = await readManifest(dir);
  const t = await loadSafetensors(join(dir, 'tensors.safetensors'));
  const seen = storedPattern(t, 'r', manifest.ids.users.length, manifest.ids.items.length);
  return {
    manifest,
    parts: {
      seen,
      v: t.v!.data as Float32Array,
      rank: t.v!.shape[1] ?? 0,
      singularValues: Float64Array.from(t.singular_values!.data),
    },
  };
}
