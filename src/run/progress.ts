import type { EpochReport } from '../models/recommender.ts';

/** Formats seconds as `12.3 s`, `4m05s` or `1h02m`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * One progress line per epoch: `epoch i/N  loss …  metric …  elapsed …  remaining …`. The remaining time is the mean
 * epoch time so far times the epochs left (an upper bound when early stopping ends the run sooner).
 */
export function epochLine(
  r: EpochReport,
  total: number | undefined,
  elapsed: number,
  metric?: string,
): string {
  const parts = [`epoch ${r.epoch}${total ? `/${total}` : ''}`, `loss ${r.loss.toFixed(4)}`];
  const v = metric !== undefined ? r.val?.[metric] : undefined;
  if (metric !== undefined && v !== undefined) parts.push(`val ${metric} ${v.toFixed(4)}`);
  parts.push(`elapsed ${formatDuration(elapsed)}`);
  if (total && r.epoch < total)
    parts.push(`remaining ~${formatDuration((elapsed / r.epoch) * (total - r.epoch))}`);
  return parts.join('  ');
}
