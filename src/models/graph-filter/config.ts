/**
 * Hyper-parameters of the graph-filter model, with the defaults chosen on validation splits carved from
 * training data (see `notes/issue-6.md` and `bench/graph-filter-tune.ts` for the grid).
 */
export interface GraphFilterConfig {
  /** `gf-cf` (Shen et al. 2021: linear + ideal low-pass) or `bspm` (Choi et al. 2023: blur, then sharpen). */
  variant: 'gf-cf' | 'bspm';
  /** Weight of the ideal low-pass term (GF-CF's α; BSPM's idl_beta). */
  alpha: number;
  /** Singular vectors k of the ideal low-pass term (0 turns the term off). */
  rank: number;
  /**
   * Cap on k as a fraction of min(users, items): the ideal term must stay low-pass on small data
   * (MovieLens latest-small, 610 users: validation prefers k ≈ 64, and k = 256 loses 2 NDCG points).
   */
  maxRankFraction: number;
  /** Extra sketch columns of the randomized SVD. */
  oversample: number;
  /** Power iterations of the randomized SVD. */
  powerIters: number;
  /** Exponent a of D_U^-a in R̃ = D_U^-a R D_I^-b. */
  userExp: number;
  /** Exponent b of D_I^-b in R̃ (and of the ideal term's D_I^-b … D_I^b). */
  itemExp: number;
  /** BSPM sharpening time T_s (the ODE ds/dt = −s·R̃ᵀR̃ runs from 0 to T_s). */
  sharpenT: number;
  /** BSPM sharpening steps K_s. */
  sharpenSteps: number;
  /** BSPM solver of the sharpening ODE. */
  solver: 'euler' | 'rk4';
  /** Users scored per block (bounds memory at block × items floats). */
  blockSize: number;
  /** Threads of the ideal term's dense product (0 = all available cores, at most 8). */
  threads: number;
}

/** Defaults: GF-CF with α = 0.3 and k = 384 (capped at 10% of min(users, items)): the best of the Gowalla validation grid. */
export const DEFAULT_CONFIG: GraphFilterConfig = {
  variant: 'gf-cf',
  alpha: 0.3,
  rank: 384,
  maxRankFraction: 0.1,
  oversample: 32,
  powerIters: 2,
  userExp: 0.5,
  itemExp: 0.5,
  sharpenT: 1,
  sharpenSteps: 1,
  solver: 'rk4',
  blockSize: 256,
  threads: 0,
};

/** Fills defaults and checks types of a user-supplied config (unknown keys are kept out). */
export function parseConfig(raw: Record<string, unknown>): GraphFilterConfig {
  const c: GraphFilterConfig = { ...DEFAULT_CONFIG };
  const num = (key: keyof GraphFilterConfig, min: number): void => {
    const v = raw[key];
    if (v === undefined) return;
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min) throw new RangeError(`graph-filter: ${key} must be a number ≥ ${min}, got ${String(v)}`);
    (c as unknown as Record<string, number>)[key] = n;
  };
  num('alpha', 0);
  num('rank', 0);
  num('maxRankFraction', 0);
  num('oversample', 0);
  num('powerIters', 0);
  num('userExp', 0);
  num('itemExp', 0);
  num('sharpenT', 0);
  num('sharpenSteps', 1);
  num('blockSize', 1);
  num('threads', 0);
  c.threads = Math.floor(c.threads);
  c.rank = Math.floor(c.rank);
  c.sharpenSteps = Math.floor(c.sharpenSteps);
  if (raw.variant !== undefined) {
    if (raw.variant !== 'gf-cf' && raw.variant !== 'bspm') throw new RangeError(`graph-filter: variant must be gf-cf or bspm, got ${String(raw.variant)}`);
    c.variant = raw.variant;
  }
  if (raw.solver !== undefined) {
    if (raw.solver !== 'euler' && raw.solver !== 'rk4') throw new RangeError(`graph-filter: solver must be euler or rk4, got ${String(raw.solver)}`);
    c.solver = raw.solver;
  }
  return c;
}
