import type { TuneSpace } from '../tune-space.ts';

/** What `gnnrec tune` and `--set auto=true` search for graph-filter. */
export const GRAPH_FILTER_TUNE_SPACE: TuneSpace = {
  kind: 'graph-filter',
  // The rank is searched directly (no cap by data size): validation decides what is low-pass on this data.
  base: { variant: 'gf-cf', maxRankFraction: 1 },
  params: [
    { name: 'rank', values: [32, 64, 128, 256, 384], stage: 'fit' },
    { name: 'alpha', values: [0, 0.1, 0.2, 0.3, 0.5, 0.8], stage: 'score' },
  ],
};
