import type { TuneSpace } from '../tune-space.ts';

/** What `gnnrec tune` and `--set auto=true` search for spectral-filter. */
export const SPECTRAL_FILTER_TUNE_SPACE: TuneSpace = {
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
};
