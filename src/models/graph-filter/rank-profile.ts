/** Phases of a candidate ranking whose time a benchmark reads (`bench/scale-recall.ts --profile`). */
export type RankPhase =
  'query' | 'choose' | 'scan' | 'select' | 'coRated' | 'walk' | 'hot' | 'sparse' | 'ideal' | 'topk';

/** Work counters of a candidate ranking: rows whose dot product was taken, user-list entries walked. */
export type RankCounter =
  'scannedRows' | 'coRatedEntries' | 'walkEntries' | 'sparseEntries' | 'hotLookups' | 'graphHops';

/**
 * Wall milliseconds and work counts per phase of candidate ranking, accumulated while installed by `profileRanking`.
 * Off (null) in every normal run: the ranking code only asks `rankProfile()` once per call and laps when it is set,
 * so where a user's time goes can be measured on the real code path rather than on a copy of it.
 */
export class RankProfile {
  /** Milliseconds per phase. */
  readonly ms: Record<RankPhase, number> = {
    query: 0,
    choose: 0,
    scan: 0,
    select: 0,
    coRated: 0,
    walk: 0,
    hot: 0,
    sparse: 0,
    ideal: 0,
    topk: 0,
  };
  /** Counts per counter. */
  readonly count: Record<RankCounter, number> = {
    scannedRows: 0,
    coRatedEntries: 0,
    walkEntries: 0,
    sparseEntries: 0,
    hotLookups: 0,
    graphHops: 0,
  };
  private last = performance.now();

  /** Starts a new interval without charging the time since the last lap to any phase. */
  mark(): void {
    this.last = performance.now();
  }

  /** Charges the time since the last lap (or mark) to `phase`. */
  lap(phase: RankPhase): void {
    const now = performance.now();
    this.ms[phase] += now - this.last;
    this.last = now;
  }
}

let active: RankProfile | null = null;

/** Installs `p` as the profile ranking code charges (null = off). */
export function profileRanking(p: RankProfile | null): void {
  active = p;
}

/** The installed profile, or null (the normal case). */
export function rankProfile(): RankProfile | null {
  return active;
}
