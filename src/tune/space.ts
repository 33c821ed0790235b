import type { Rng } from '../util/rng.ts';

/** A value a hyper-parameter may take. */
export type ParamValue = number | string | boolean;

/** One hyper-parameter of a kind's search space. */
export interface ParamSpec {
  /** Config key. */
  name: string;
  /** Values to try, the kind's default among them. */
  values: readonly ParamValue[];
  /** `fit`: changing it needs a new fit; `score`: a fitted model can be re-weighted in place (cheap to try). */
  stage: 'fit' | 'score';
}

/** A kind's declared search space. */
export interface TuneSpace {
  kind: string;
  params: readonly ParamSpec[];
  /** Fixed config every candidate starts from (e.g. a larger fitted rank that score-time ranks select from). */
  base: Readonly<Record<string, ParamValue>>;
}

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

/** Search spaces of the kinds `gnnrec tune` knows (the graph-filter family). */
export const TUNE_SPACES: ReadonlyMap<string, TuneSpace> = new Map<string, TuneSpace>([
  [
    'graph-filter',
    {
      kind: 'graph-filter',
      // The rank is searched directly (no cap by data size): validation decides what is low-pass on this data.
      base: { variant: 'gf-cf', maxRankFraction: 1 },
      params: [
        { name: 'rank', values: [32, 64, 128, 256, 384], stage: 'fit' },
        { name: 'alpha', values: [0, 0.1, 0.2, 0.3, 0.5, 0.8], stage: 'score' },
      ],
    },
  ],
  [
    'spectral-filter',
    {
      kind: 'spectral-filter',
      // One SVD of up to 650 vectors per normalisation; score-time ranks take prefixes of it (0 = all fitted). The
      // values bracket SGFCF's published points (Peng et al. 2024: ε 0.28–0.37, β 1–1.3 ⇒ p = 2β−1, γ 0.3–1.6) and
      // GF-CF (ε ½, p 0, out ½, raw, no row normalisation).
      base: { fitRank: 650, maxRankFraction: 0.5 },
      params: [
        { name: 'itemExp', values: [0.5, 0.34, 0.25], stage: 'fit' },
        { name: 'userExp', values: [0.5, 0.34], stage: 'fit' },
        { name: 'rank', values: [0, 64, 128, 256, 384], stage: 'score' },
        { name: 'power', values: [0, 0.5, 1, 1.6], stage: 'score' },
        { name: 'outExp', values: [0.5, 0], stage: 'score' },
        { name: 'gamma', values: [1, 1.6, 2.5, 4], stage: 'score' },
        { name: 'linearInput', values: ['raw', 'normalized'], stage: 'score' },
        { name: 'rowNorm', values: [false, true], stage: 'score' },
      ],
    },
  ],
]);
