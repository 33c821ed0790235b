// Shared settings of the fuzz tests: a short fixed-seed run in `npm test`, a deep one from `npm run fuzz`.
import * as fc from 'fast-check';

/** Seed of every fuzz target unless GNNREC_FUZZ_SEED overrides it (so a failure reruns exactly). */
export const DEFAULT_FUZZ_SEED = 21;

/** How many cases a target runs and with which seed. */
export interface FuzzRun {
  runs: number;
  seed: number;
  /** fast-check's replay path of a failure (GNNREC_FUZZ_PATH), to rerun just that case. */
  path?: string;
}

/** The run of one target: `short` cases in `npm test`, or GNNREC_FUZZ_RUNS (set by scripts/fuzz.mjs). */
export function fuzzRun(short: number, env: NodeJS.ProcessEnv = process.env): FuzzRun {
  const runs = env.GNNREC_FUZZ_RUNS === undefined ? short : Number(env.GNNREC_FUZZ_RUNS);
  const seed = env.GNNREC_FUZZ_SEED === undefined ? DEFAULT_FUZZ_SEED : Number(env.GNNREC_FUZZ_SEED);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`GNNREC_FUZZ_RUNS must be a positive integer`);
  if (!Number.isSafeInteger(seed)) throw new Error(`GNNREC_FUZZ_SEED must be an integer`);
  const path = env.GNNREC_FUZZ_PATH;
  return path === undefined || path === '' ? { runs, seed } : { runs, seed, path };
}

/**
 * Checks an async property over `runs` cases with the seed, then prints the case count and seed
 * (scripts/fuzz.mjs collects these lines). A failure reports fast-check's seed, path and counterexample.
 */
export async function fuzz<T>(
  target: string,
  arb: fc.Arbitrary<T>,
  property: (value: T) => Promise<void>,
  run: FuzzRun,
): Promise<void> {
  const started = Date.now();
  let cases = 0;
  await fc.assert(
    fc.asyncProperty(arb, async (v) => {
      cases++;
      await property(v);
    }),
    {
      numRuns: run.runs,
      seed: run.seed,
      includeErrorInReport: true,
      ...(run.path ? { path: run.path } : {}),
    },
  );
  const s = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`fuzz ${target}: ${cases} cases, seed ${run.seed}, ${s} s, no failure`);
}

/** Rejects when `p` has not settled after `ms`: a reader that hangs is a failure, not a stuck test. */
export async function withinMs<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_ok, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} did not finish within ${ms} ms (hang?)`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
