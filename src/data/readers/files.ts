import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Path of `name` inside `dir` when that file exists, else undefined. */
export function optionalFile(dir: string, name: string): string | undefined {
  const p = join(dir, name);
  return existsSync(p) && statSync(p).isFile() ? p : undefined;
}

/** Dataset name from a folder or file path (`…/ml-latest-small` → `ml-latest-small`, `x/ratings.csv` → `ratings`). */
export function datasetName(path: string): string {
  return basename(path.replace(/[\\/]+$/, '')).replace(/\.(csv|tsv|txt|dat)$/i, '');
}
