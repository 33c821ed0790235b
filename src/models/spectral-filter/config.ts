/**
 * Hyper-parameters of the spectral filter (`--model spectral-filter`). Fit-time ones change the normalised matrix or
 * its singular vectors; score-time ones only re-weight them (see `SCORE_KEYS`), so a tuner can try many of those on
 * one fitted model. Defaults were chosen on validation splits carved from training data (notes/issue-22.md).
 */
export interface SpectralFilterConfig {
  /** Exponent εᵤ of (d_u + μ)^-εᵤ in R̃ (SGFCF's generalised normalisation; GF-CF uses ½). */
  userExp: number;
  /** Exponent εᵢ of (d_i + μ)^-εᵢ in R̃, and of the low-rank term's input scaling. */
  itemExp: number;
  /** Degree shift μ added to every degree before the exponent (damps the very rare items and users). */
  degreeShift: number;
  /** Singular vectors computed at fit time (the most any score-time `rank` may use). */
  fitRank: number;
  /** Cap on `fitRank` as a fraction of min(users, items) (keeps the low-rank term low-pass on small data). */
  maxRankFraction: number;
  /** Extra sketch columns of the randomized SVD. */
  oversample: number;
  /** Power iterations of the randomized SVD (more sharpen the tail of the kept spectrum). */
  powerIters: number;
  /** Singular vectors used when scoring (≤ the fitted rank; 0 = all fitted). Score-time. */
  rank: number;
  /** Exponent p of the spectral weight (σ/σ₁)^p of the low-rank term (0 = GF-CF's ideal low-pass). Score-time. */
  power: number;
  /** Exponent of the low-rank term's output re-scaling (d_i + μ)^outExp (GF-CF's ideal term uses ½). Score-time. */
  outExp: number;
  /** Weight γ of the full-spectrum linear term r·R̃ᵀR̃ (0 turns it off). Score-time. */
  gamma: number;
  /** Input of the linear term: the binary history (`raw`, GF-CF) or the history scaled by (d_i + μ)^-εᵢ (`normalized`, SGFCF). Score-time. */
  linearInput: 'raw' | 'normalized';
  /** Divide each term by its sum over items per user before mixing (SGFCF's row normalisation). Score-time. */
  rowNorm: boolean;
  /** Users scored per block (bounds memory at block × items floats). */
  blockSize: number;
  /** Threads of the linear term's helpers (0 = all available cores, at most 8). */
  threads: number;
}

/** Config keys that only re-weight a fitted filter (no new SVD). */
export const SCORE_KEYS: ReadonlyArray<keyof SpectralFilterConfig> = [
  'rank',
  'power',
  'outExp',
  'gamma',
  'linearInput',
  'rowNorm',
];

/** Defaults: the best point of the Gowalla validation search (notes/issue-22.md); small data caps the rank. */
export const DEFAULT_CONFIG: SpectralFilterConfig = {
  userExp: 0.5,
  itemExp: 0.5,
  degreeShift: 0,
  fitRank: 512,
  maxRankFraction: 0.1,
  oversample: 32,
  powerIters: 2,
  rank: 0,
  power: 0,
  outExp: 0.5,
  gamma: 1,
  linearInput: 'raw',
  rowNorm: false,
  blockSize: 256,
  threads: 0,
};

type NumKey = {
  [K in keyof SpectralFilterConfig]: SpectralFilterConfig[K] extends number ? K : never;
}[keyof SpectralFilterConfig];

const MINIMA: ReadonlyArray<[NumKey, number]> = [
  ['userExp', 0],
  ['itemExp', 0],
  ['degreeShift', 0],
  ['fitRank', 0],
  ['maxRankFraction', 0],
  ['oversample', 0],
  ['powerIters', 0],
  ['rank', 0],
  ['power', -8],
  ['outExp', -2],
  ['gamma', 0],
  ['blockSize', 1],
  ['threads', 0],
];
const INTEGER_KEYS: ReadonlySet<string> = new Set([
  'fitRank',
  'oversample',
  'powerIters',
  'rank',
  'blockSize',
  'threads',
]);

/** Fills defaults into `base` and checks a user-supplied (partial) config; unknown keys are ignored. */
export function parseConfig(
  raw: Record<string, unknown>,
  base: SpectralFilterConfig = DEFAULT_CONFIG,
): SpectralFilterConfig {
  const c: SpectralFilterConfig = { ...base };
  for (const [key, min] of MINIMA) {
    const v = raw[key];
    if (v === undefined) continue;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min)
      throw new RangeError(`spectral-filter: ${key} must be a number ≥ ${min}, got ${String(v)}`);
    c[key] = INTEGER_KEYS.has(key) ? Math.floor(n) : n;
  }
  if (raw.linearInput !== undefined) {
    if (raw.linearInput !== 'raw' && raw.linearInput !== 'normalized')
      throw new RangeError(
        `spectral-filter: linearInput must be raw or normalized, got ${String(raw.linearInput)}`,
      );
    c.linearInput = raw.linearInput;
  }
  if (raw.rowNorm !== undefined) {
    const v = raw.rowNorm;
    if (v !== true && v !== false && v !== 'true' && v !== 'false')
      throw new RangeError(`spectral-filter: rowNorm must be true or false, got ${String(v)}`);
    c.rowNorm = v === true || v === 'true';
  }
  return c;
}
