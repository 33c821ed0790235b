import { discoverLocalData, localDataCandidates } from '../../data/fetch/discover.ts';
import { fetchDataset } from '../../data/fetch/fetch.ts';
import { loadDataset } from '../../data/load.ts';
import { generateSynthetic } from '../../data/synthetic.ts';
import type { Dataset } from '../../data/types.ts';
import type { Progress } from '../../util/progress.ts';

/** Where the demo's data came from, in words for the console. */
export interface DemoData {
  dataset: Dataset;
  source: string;
  /** True when no real data was found and the demo made some up (the UI shows a banner). */
  synthetic: boolean;
}

/** Options of `demoData`. */
export interface DemoDataOptions {
  /** A dataset folder or file (MovieLens, anime, …); wins over everything else. */
  data?: string;
  /** Skip the download (local copies are still used; synthetic data when there are none). */
  offline?: boolean;
  progress?: Progress;
  /** Where to say what happens (stderr). */
  log: (line: string) => void;
  /** Environment for `$GNNREC_DATA` and the cache folder (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Download cache (default `$XDG_CACHE_HOME/gnnrec`). */
  cache?: string;
  /** Checkout whose sibling `shared/data` is searched (default: this package's root). */
  packageRoot?: string;
  cwd?: string;
}

/** Synthetic stand-in for MovieLens latest-small when there is no network (titles, genres, years included). */
export function syntheticDemoData(): Dataset {
  return generateSynthetic({ users: 400, items: 1500, seed: 1, interactionsPerUser: 40 });
}

/** What the console and the UI banner say when the demo runs on made-up data. */
export const SYNTHETIC_NOTICE =
  'made-up data: MovieLens latest-small was not found and could not be downloaded. Use real data with `gnnrec demo --data DIR` (a folder with ratings.csv and movies.csv), GNNREC_DATA=DIR, `gnnrec data fetch ml-latest-small`, or a ../shared/data/ml-latest-small folder next to the checkout.';

/**
 * The demo's dataset: `--data DIR`; else MovieLens latest-small already on disk (`$GNNREC_DATA`, the fetch cache,
 * `../shared/data` next to the checkout); else downloaded (checksum-verified, cached); else — offline, or when
 * the download fails — synthetic data, said loudly. Says which.
 */
export async function demoData(o: DemoDataOptions): Promise<DemoData> {
  if (o.data) return { dataset: await loadDataset(o.data), source: `--data ${o.data}`, synthetic: false };
  const discover = {
    ...(o.env ? { env: o.env } : {}),
    ...(o.cache ? { cache: o.cache } : {}),
    ...(o.packageRoot ? { packageRoot: o.packageRoot } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
  };
  const local = discoverLocalData(discover);
  if (local)
    return {
      dataset: await loadDataset(local.path),
      source: `MovieLens latest-small at ${local.path} (found via ${local.via})`,
      synthetic: false,
    };
  o.log(
    `no local MovieLens latest-small in: ${localDataCandidates(discover)
      .map((c) => c.path)
      .join(', ')}`,
  );
  if (!o.offline) {
    try {
      const r = await fetchDataset('ml-latest-small', {
        ...(o.progress ? { progress: o.progress } : {}),
        ...(o.cache ? { cache: o.cache } : {}),
      });
      o.progress?.end();
      return {
        dataset: await loadDataset(r.path),
        source: `MovieLens latest-small (${r.cached ? 'cached' : 'downloaded'} at ${r.path})`,
        synthetic: false,
      };
    } catch (err) {
      o.log(`download of MovieLens latest-small failed: ${(err as Error).message}`);
    }
  }
  o.log(`WARNING: ${SYNTHETIC_NOTICE}`);
  return {
    dataset: syntheticDemoData(),
    source: 'synthetic data (400 users, 1500 items, generated; see the warning above)',
    synthetic: true,
  };
}
