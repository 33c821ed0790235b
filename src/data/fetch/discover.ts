import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultCacheDir } from './cache.ts';

/** A place a dataset may already be on disk, with the reason it was looked at (for the console). */
export interface DataCandidate {
  path: string;
  /** Where the path came from, e.g. `$GNNREC_DATA` or `../shared/data next to the checkout`. */
  via: string;
}

/** Options of `localDataCandidates` (tests pass their own environment and folders). */
export interface DiscoverOptions {
  /** Dataset folder name (default `ml-latest-small`). */
  name?: string;
  env?: NodeJS.ProcessEnv;
  /** Cache folder (default `defaultCacheDir()`). */
  cache?: string;
  /** The checkout (package root) whose sibling `shared/data` is searched (default: found from this file). */
  packageRoot?: string;
  cwd?: string;
}

/** The package root: the nearest folder above this module holding package.json (works from src/ and dist/). */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
}

/**
 * Where a dataset may already be, in the order the demo tries them: `$GNNREC_DATA` (the dataset folder itself or a
 * folder holding it), the fetch cache, and `../shared/data` next to the checkout (and next to the working folder).
 */
export function localDataCandidates(o: DiscoverOptions = {}): DataCandidate[] {
  const name = o.name ?? 'ml-latest-small';
  const env = o.env ?? process.env;
  const out: DataCandidate[] = [];
  const envDir = env['GNNREC_DATA'];
  if (envDir) {
    out.push({ path: resolve(envDir), via: '$GNNREC_DATA' });
    out.push({ path: resolve(envDir, name), via: '$GNNREC_DATA' });
  }
  out.push({ path: join(o.cache ?? defaultCacheDir(env), 'datasets', name), via: 'the fetch cache' });
  out.push({
    path: resolve(o.packageRoot ?? packageRoot(), '..', 'shared', 'data', name),
    via: '../shared/data next to the checkout',
  });
  out.push({
    path: resolve(o.cwd ?? process.cwd(), '..', 'shared', 'data', name),
    via: '../shared/data next to the working folder',
  });
  const seen = new Set<string>();
  return out.filter((c) => (seen.has(c.path) ? false : (seen.add(c.path), true)));
}

/** Whether a folder looks like a MovieLens CSV dataset (ratings.csv and movies.csv present). */
export function looksLikeMovieLens(dir: string): boolean {
  return existsSync(join(dir, 'ratings.csv')) && existsSync(join(dir, 'movies.csv'));
}

/** The first candidate that holds MovieLens files, or undefined. */
export function discoverLocalData(o: DiscoverOptions = {}): DataCandidate | undefined {
  return localDataCandidates(o).find((c) => looksLikeMovieLens(c.path));
}
