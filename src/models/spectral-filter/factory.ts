import type { ModelKind } from '../registry.ts';
import type { ConfigSchema } from '../schema.ts';
import type { SpectralFilterConfig } from './config.ts';
import { SpectralFilter } from './model.ts';

/** Keys, defaults (`DEFAULT_CONFIG`) and ranges, as `gnnrec models` lists them and the registry checks them. */
export const SPECTRAL_FILTER_SCHEMA: ConfigSchema<SpectralFilterConfig> = {
  userExp: {
    type: 'number',
    default: 0.5,
    min: 0,
    description: 'exponent of (d_u + μ)^-ε in the normalised matrix',
  },
  itemExp: {
    type: 'number',
    default: 0.5,
    min: 0,
    description: 'exponent of (d_i + μ)^-ε in the normalised matrix',
  },
  degreeShift: {
    type: 'number',
    default: 0,
    min: 0,
    description: 'degree shift μ added before the exponent',
  },
  fitRank: { type: 'int', default: 512, min: 0, description: 'singular vectors computed at fit time' },
  maxRankFraction: {
    type: 'number',
    default: 0.1,
    min: 0,
    description: 'cap on fitRank as a fraction of min(users, items)',
  },
  oversample: { type: 'int', default: 32, min: 0, description: 'extra sketch columns of the randomized SVD' },
  powerIters: { type: 'int', default: 2, min: 0, description: 'power iterations of the randomized SVD' },
  rank: {
    type: 'int',
    default: 0,
    min: 0,
    description: 'singular vectors used when scoring (0 = all fitted)',
  },
  power: {
    type: 'number',
    default: 0,
    min: -8,
    description: 'exponent p of the spectral weight (σ/σ₁)^p (0 = ideal low-pass)',
  },
  outExp: {
    type: 'number',
    default: 0.5,
    min: -2,
    description: 'exponent of the low-rank term’s output scaling (d_i + μ)^outExp',
  },
  gamma: {
    type: 'number',
    default: 1,
    min: 0,
    description: 'weight γ of the full-spectrum linear term (0 = off)',
  },
  linearInput: {
    type: 'enum',
    values: ['raw', 'normalized'],
    default: 'raw',
    description: 'input of the linear term: binary history or degree-scaled history',
  },
  rowNorm: {
    type: 'boolean',
    default: false,
    description: 'divide each term by its per-user sum before mixing',
  },
  blockSize: { type: 'int', default: 256, min: 1, description: 'users scored per block' },
  threads: {
    type: 'int',
    default: 0,
    min: 0,
    description: 'threads of the linear term’s helpers (0 = all cores, at most 8)',
  },
};

/** Registry entry of the training-free spectral filter (SGFCF-style generalised GF-CF). */
export const spectralFilterFactory: ModelKind = {
  kind: 'spectral-filter',
  task: 'ranking',
  description:
    'Training-free spectral graph filter: generalised normalisation, (σ/σ₁)^p weights over the top singular vectors, full-spectrum linear term (SGFCF-style GF-CF).',
  schema: SPECTRAL_FILTER_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: false },
  create: (config, s) => new SpectralFilter(s.numUsers, s.numItems, config),
  load: (dir) => SpectralFilter.load(dir),
};
