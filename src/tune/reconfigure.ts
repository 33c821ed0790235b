import { findKind } from '../models/index.ts';
import type { Recommender } from '../models/recommender.ts';
import type { ParamValue } from './space.ts';

interface Reconfigurable {
  reconfigure(raw: Record<string, unknown>): void;
}

function isReconfigurable(m: unknown): m is Reconfigurable {
  return typeof (m as { reconfigure?: unknown }).reconfigure === 'function';
}

/**
 * Applies score-stage values to a fitted model in place: through its own `reconfigure` (spectral-filter), or the
 * registry entry's (graph-filter's α, read at scoring time only).
 */
export function applyScoreConfig(model: Recommender, values: Record<string, ParamValue>): void {
  if (isReconfigurable(model)) {
    model.reconfigure(values);
    return;
  }
  const kind = findKind(model.kind);
  if (kind?.reconfigure) {
    try {
      kind.reconfigure(model, values);
    } catch (err) {
      throw new Error(`tune: ${(err as Error).message}`, { cause: err });
    }
    return;
  }
  if (Object.keys(values).length > 0) throw new Error(`tune: ${model.kind} has no score-time parameters`);
}
