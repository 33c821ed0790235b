import type { Recommender } from '../models/recommender.ts';
import type { ParamValue } from './space.ts';

interface Reconfigurable {
  reconfigure(raw: Record<string, unknown>): void;
}

function isReconfigurable(m: unknown): m is Reconfigurable {
  return typeof (m as { reconfigure?: unknown }).reconfigure === 'function';
}

/**
 * Applies score-stage values to a fitted model in place: through its `reconfigure` (spectral-filter), or, for
 * graph-filter, by setting `alpha` on its config (the ideal term's weight is read at scoring time only).
 */
export function applyScoreConfig(model: Recommender, values: Record<string, ParamValue>): void {
  if (isReconfigurable(model)) {
    model.reconfigure(values);
    return;
  }
  const config = (model as unknown as { config?: Record<string, unknown> }).config;
  if (model.kind === 'graph-filter' && config) {
    for (const [k, v] of Object.entries(values)) {
      if (k !== 'alpha') throw new Error(`tune: graph-filter cannot change ${k} without refitting`);
      config.alpha = v;
    }
    return;
  }
  if (Object.keys(values).length > 0) throw new Error(`tune: ${model.kind} has no score-time parameters`);
}
