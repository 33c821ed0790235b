import {
  intKey,
  numberKey,
  parseConfig as parseSchemaConfig,
  schemaDefaults,
  type ConfigSchema,
} from '../schema.ts';
import { rsvdKeys, threadsKey } from '../shared/filter-keys.ts';

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
  /**
   * Exponent κ of a per-user weight (d_u / d̄)^κ on the low-rank term against the linear one (d_u: history length,
   * d̄: geometric mean of the training users' degrees; 0 = the same mix for everyone). A degree-dependent form of
   * SGFCF's individualised filter. Score-time.
   */
  lowRankUserExp: number;
  /** Input of the linear term: the binary history (`raw`, GF-CF) or the history scaled by (d_i + μ)^-εᵢ (`normalized`, SGFCF). Score-time. */
  linearInput: 'raw' | 'normalized';
  /** Divide each term by its sum over items per user before mixing (SGFCF's row normalisation). Score-time. */
  rowNorm: boolean;
  /**
   * BSPM-EM's sharpening time T_s (Choi et al. 2023): the mixed score s is integrated along ds/dt = −s·R̃ᵀR̃/σ₁² from 0
   * to T_s in `sharpenSteps` steps of `sharpenSolver` (σ₁ = 1 at ε = ½ as in BSPM); 0 = off. Two sparse products per
   * application of R̃ᵀR̃ on the scored block, never items × items. Score-time.
   */
  sharpenT: number;
  /** Steps of the sharpening solver (BSPM-EM: 1). Score-time. */
  sharpenSteps: number;
  /**
   * Solver of the sharpening ODE: `euler` (one application of R̃ᵀR̃ per step) or `rk4` (four; one RK4 step of a linear
   * ODE is the degree-4 Taylor polynomial of e^{−hR̃ᵀR̃}, which BSPM-EM's published Gowalla and Amazon-book runs use).
   * Score-time.
   */
  sharpenSolver: 'euler' | 'rk4';
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
  'lowRankUserExp',
  'linearInput',
  'rowNorm',
  'sharpenT',
  'sharpenSteps',
  'sharpenSolver',
];

/** Keys, defaults and ranges: the kind's one config parser, as `gnnrec models` lists them and the registry checks them. */
export const SPECTRAL_FILTER_SCHEMA: ConfigSchema<SpectralFilterConfig> = {
  userExp: numberKey(0.34, 0, 'exponent of (d_u + μ)^-ε in the normalised matrix'),
  itemExp: numberKey(0.34, 0, 'exponent of (d_i + μ)^-ε in the normalised matrix'),
  degreeShift: numberKey(0, 0, 'degree shift μ added before the exponent'),
  fitRank: intKey(650, 0, 'singular vectors computed at fit time'),
  ...rsvdKeys('fitRank'),
  rank: intKey(0, 0, 'singular vectors used when scoring (0 = all fitted)'),
  power: numberKey(1, -8, 'exponent p of the spectral weight (σ/σ₁)^p (0 = ideal low-pass)'),
  outExp: numberKey(0, -2, 'exponent of the low-rank term’s output scaling (d_i + μ)^outExp'),
  gamma: numberKey(2.5, 0, 'weight γ of the full-spectrum linear term (0 = off)'),
  lowRankUserExp: numberKey(0, -2, 'exponent κ of the per-user low-rank weight (d_u / d̄)^κ (0 = off)'),
  linearInput: {
    type: 'enum',
    values: ['raw', 'normalized'],
    default: 'normalized',
    description: 'input of the linear term: binary history or degree-scaled history',
  },
  rowNorm: {
    type: 'boolean',
    default: true,
    description: 'divide each term by its per-user sum before mixing',
  },
  sharpenT: numberKey(0, 0, 'BSPM-EM sharpening time T_s (s − T_s·s·R̃ᵀR̃/σ₁²; 0 = off)'),
  sharpenSteps: intKey(1, 1, 'steps of the sharpening solver'),
  sharpenSolver: {
    type: 'enum',
    values: ['euler', 'rk4'],
    default: 'euler',
    description: 'sharpening solver: euler (1 product per step) or rk4 (4)',
  },
  blockSize: intKey(256, 1, 'users scored per block'),
  threads: threadsKey('linear term’s helpers'),
};

/**
 * Defaults (the schema's): the best point of validation grids carved from training data on Gowalla and on
 * latest-small seed001 (notes/issue-22.md): SGFCF's form (ε 0.34, p 1, no output scaling, γ 2.5 on the normalised
 * linear term, both terms row-normalised); small data caps the rank through `maxRankFraction` (latest-small: 61).
 */
export const DEFAULT_CONFIG: Readonly<SpectralFilterConfig> = schemaDefaults(SPECTRAL_FILTER_SCHEMA);

/** Fills defaults (or `base`'s values) and checks a user-supplied, partial config (`ConfigError` naming the key). */
export function parseConfig(
  raw: Readonly<Record<string, unknown>>,
  base: Readonly<SpectralFilterConfig> = DEFAULT_CONFIG,
): SpectralFilterConfig {
  return parseSchemaConfig('spectral-filter', SPECTRAL_FILTER_SCHEMA, { ...base, ...raw });
}
