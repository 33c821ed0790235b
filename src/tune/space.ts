import { listKinds } from '../models/index.ts';
import type { ParamValue, TuneSpace } from '../models/tune-space.ts';
import type { Rng } from '../util/rng.ts';

export type { ParamSpec, ParamValue, TuneSpace } from '../models/tune-space.ts';

/** One point of a space (its config, and the part of it that decides the fit). */
export interface Candidate {
  config: Record<string, ParamValue>;
  /** Same key = same fitted model; only score-stage values differ. */
  fitKey: string;
}

/** Every point of the space when it has at most `max`, else `max` distinct points drawn with `rng`. */
export function candidates(space: TuneSpace, max: number, rng: Rng): Candidate[] {
  const total = space.params.reduce((n, p) => n * p.values.length, 1);
  const pick = (index: number): Candidate => {
    const config: Record<string, ParamValue> = { ...space.base };
    let rest = index;
    for (const p of space.params) {
      config[p.name] = p.values[rest % p.values.length];
      rest = Math.floor(rest / p.values.length);
    }
    return { config, fitKey: fitKeyOf(space, config) };
  };
  let indices: number[];
  if (total <= max) indices = Array.from({ length: total }, (_, i) => i);
  else {
    const chosen = new Set<number>();
    while (chosen.size < max) chosen.add(rng.int(total));
    indices = [...chosen];
  }
  // Fit-key order: a rung fits each distinct model once.
  return indices.map(pick).sort((a, b) => (a.fitKey < b.fitKey ? -1 : a.fitKey > b.fitKey ? 1 : 0));
}

/** The fit-stage part of a config, as a stable string. */
export function fitKeyOf(space: TuneSpace, config: Record<string, ParamValue>): string {
  return JSON.stringify(space.params.filter((p) => p.stage === 'fit').map((p) => [p.name, config[p.name]]));
}

/** Search spaces of the kinds `gnnrec tune` knows: those whose registry entry declares one (`ModelKind.tuneSpace`). */
export const TUNE_SPACES: ReadonlyMap<string, TuneSpace> = new Map(
  listKinds().flatMap((k) => (k.tuneSpace ? [[k.kind, k.tuneSpace] as const] : [])),
);
