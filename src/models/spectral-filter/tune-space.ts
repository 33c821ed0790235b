import type { TuneSpace } from '../tune-space.ts';

/** What `gnnrec tune` and `--set auto=true` search for spectral-filter. */
export const SPECTRAL_FILTER_TUNE_SPACE: TuneSpace = {
  kind: 'spectral-filter',
  // One SVD of up to 650 vectors per normalisation; score-time ranks take prefixes of it (0 = all fitted). The
  // values bracket SGFCF's published points (Peng et al. 2024: ε 0.28–0.37, β 1–1.3 ⇒ p = 2β−1, γ 0.3–1.6) and
  // GF-CF (ε ½, p 0, out ½, raw, no row normalisation). Sharpening is BSPM-EM's one RK4 step (Choi et al. 2023):
  // on Gowalla's 20% carve of train.txt it was the validation best at T 2.5 (of 0, 1.5, 2, 2.5, 3; notes/issue-22.md).
  base: { fitRank: 650, maxRankFraction: 0.5, sharpenSolver: 'rk4' },
  params: [
    { name: 'itemExp', values: [0.5, 0.34, 0.25], stage: 'fit' },
    { name: 'userExp', values: [0.5, 0.34], stage: 'fit' },
    { name: 'rank', values: [0, 64, 128, 256, 384], stage: 'score' },
    { name: 'power', values: [0, 0.5, 1, 1.6], stage: 'score' },
    { name: 'outExp', values: [0.5, 0], stage: 'score' },
    { name: 'gamma', values: [1, 1.6, 2.5, 4], stage: 'score' },
    { name: 'linearInput', values: ['raw', 'normalized'], stage: 'score' },
    { name: 'rowNorm', values: [false, true], stage: 'score' },
    { name: 'sharpenT', values: [0, 2.5], stage: 'score' },
  ],
};
