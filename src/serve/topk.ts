import { getBackend } from '../tensor/backend/registry.ts';

/**
 * Indices of the `k` highest finite scores, best first, skipping `exclude` (ties: lower index first), ranked by the
 * tensor backend's `topk` (the one top-K kernel: wasm where it is loaded).
 */
export function topKIndices(scores: Float32Array, k: number, exclude: ReadonlySet<number>): number[] {
  const n = scores.length;
  const kk = Math.min(k, n);
  if (kk <= 0) return [];
  // A copy with the excluded and non-finite scores at −∞, which the kernel ranks last and this drops.
  const x = scores.slice();
  for (let i = 0; i < n; i++) if (!Number.isFinite(x[i]!)) x[i] = -Infinity;
  for (const i of exclude) if (i >= 0 && i < n) x[i] = -Infinity;
  const val = new Float32Array(kk);
  const idx = new Int32Array(kk);
  getBackend().topk(x, 1, n, kk, val, idx);
  const out: number[] = [];
  for (let r = 0; r < kk && val[r]! > -Infinity; r++) out.push(idx[r]!);
  return out;
}
