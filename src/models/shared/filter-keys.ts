import { intKey, numberKey, type ConfigSchema } from '../schema.ts';

/** Fit-time keys every low-rank graph filter shares: the randomized SVD's rank cap and sketch settings. */
export interface RsvdConfig {
  /** Cap on the rank as a fraction of min(users, items) (small data must stay low-pass). */
  maxRankFraction: number;
  /** Extra sketch columns of the randomized SVD. */
  oversample: number;
  /** Power iterations of the randomized SVD. */
  powerIters: number;
}

/** The randomized SVD's keys; `rankName` is the key the cap applies to, as the help text names it. */
export function rsvdKeys(rankName: string): ConfigSchema<RsvdConfig> {
  return {
    maxRankFraction: numberKey(0.1, 0, `cap on ${rankName} as a fraction of min(users, items)`),
    oversample: intKey(32, 0, 'extra sketch columns of the randomized SVD'),
    powerIters: intKey(2, 0, 'power iterations of the randomized SVD'),
  };
}

/** The `threads` key of a filter's multi-threaded part (`what` names it in the help text). */
export function threadsKey(what: string): ConfigSchema<{ threads: number }>['threads'] {
  return intKey(0, 0, `threads of the ${what} (0 = all cores, at most 8)`);
}

/** Singular vectors to compute: `rank`, capped at `maxRankFraction` × min(users, items) (at least 1 when rank > 0). */
export function cappedRank(rank: number, maxRankFraction: number, users: number, items: number): number {
  if (rank <= 0) return 0;
  return Math.max(1, Math.min(rank, Math.round(maxRankFraction * Math.min(users, items))));
}
