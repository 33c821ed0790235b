import type { Parameter } from './parameter.ts';

/** Common optimizer surface. */
export interface Optimizer {
  /** Learning rate (mutable for schedules). */
  lr: number;
  /** Applies one update from the parameters' accumulated gradients. */
  step(): void;
  /** Clears the parameters' gradients (call before each backward). */
  zeroGrad(): void;
}

/**
 * Zeroes gradients: only the gathered rows when a parameter's gradient came from row gathers alone
 * (`gradRows`), the whole array otherwise. Afterwards every gradient is exactly zero, so `gradRows`
 * restarts empty.
 */
export function zeroGrads(params: readonly Parameter[]): void {
  for (const p of params) {
    const g = p.grad;
    if (!g) continue;
    const rows = p.gradRows;
    const dim = p.shape[0] > 0 ? p.size / p.shape[0] : 0;
    if (rows && rows.reduce((n, r) => n + r.length, 0) * dim < g.length / 4) {
      for (const ids of rows)
        for (let i = 0; i < ids.length; i++) g.fill(0, ids[i] * dim, ids[i] * dim + dim);
    } else g.fill(0);
    p.gradRows = [];
  }
}

/** Sorted unique row ids of a parameter's `gradRows` (null when the gradient is dense). */
export function uniqueGradRows(p: Parameter): Int32Array | null {
  if (!p.gradRows || p.rank < 1) return null;
  const seen = new Uint8Array(p.shape[0]);
  let n = 0;
  for (const ids of p.gradRows)
    for (let i = 0; i < ids.length; i++)
      if (!seen[ids[i]]) {
        seen[ids[i]] = 1;
        n++;
      }
  const out = new Int32Array(n);
  let w = 0;
  for (let r = 0; r < seen.length; r++) if (seen[r]) out[w++] = r;
  return out;
}
