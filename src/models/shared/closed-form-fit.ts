import type { FitOptions, FitReport } from '../recommender.ts';
import type { Csr } from '../../tensor/csr.ts';

/** The report of a fit without gradient steps (a closed form or one SVD): one "epoch" of loss 0, announced to `onEpoch`. */
export function closedFormReport(t0: number, opts: FitOptions, extra: Record<string, unknown>): FitReport {
  const seconds = (performance.now() - t0) / 1000;
  const report = { epoch: 1, loss: 0, seconds };
  opts.onEpoch?.(report);
  return { epochs: 1, seconds, curve: [report], extra };
}

/** The report's graph size for a users × items training matrix (nodes: users + items; edges: its entries). */
export function graphExtra(seen: Csr): { nodes: number; edges: number } {
  return { nodes: seen.rows + seen.cols, edges: seen.indptr[seen.rows]! };
}
