import { fetchDataset } from '../../data/fetch/fetch.ts';
import { loadDataset } from '../../data/load.ts';
import { generateSynthetic } from '../../data/synthetic.ts';
import type { Dataset } from '../../data/types.ts';
import type { Progress } from '../../util/progress.ts';

/** Where the demo's data came from, in words for the console. */
export interface DemoData {
  dataset: Dataset;
  source: string;
}

/** Options of `demoData`. */
export interface DemoDataOptions {
  /** A dataset folder or file (MovieLens, anime, …); wins over everything else. */
  data?: string;
  /** Skip the download and use synthetic data. */
  offline?: boolean;
  progress?: Progress;
  /** Where to say what happens (stderr). */
  log: (line: string) => void;
}

/** Synthetic stand-in for MovieLens latest-small when there is no network (titles, genres, years included). */
export function syntheticDemoData(): Dataset {
  return generateSynthetic({ users: 400, items: 1500, seed: 1, interactionsPerUser: 40 });
}

/**
 * The demo's dataset: `--data DIR`, else MovieLens latest-small downloaded (checksum-verified, cached)
 * by `gnnrec data fetch`'s code, else — offline, or when the download fails — synthetic data. Says which.
 */
export async function demoData(o: DemoDataOptions): Promise<DemoData> {
  if (o.data) return { dataset: await loadDataset(o.data), source: `--data ${o.data}` };
  if (!o.offline) {
    try {
      const r = await fetchDataset('ml-latest-small', o.progress ? { progress: o.progress } : {});
      o.progress?.end();
      return {
        dataset: await loadDataset(r.path),
        source: `MovieLens latest-small (${r.cached ? 'cached' : 'downloaded'} at ${r.path})`,
      };
    } catch (err) {
      o.log(`download of MovieLens latest-small failed: ${(err as Error).message}`);
      o.log('falling back to synthetic data (pass --data DIR to use a local copy)');
    }
  }
  return {
    dataset: syntheticDemoData(),
    source: 'synthetic data (offline: 400 users, 1500 items, generated)',
  };
}
