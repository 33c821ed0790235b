import { readFileSync } from 'node:fs';

let cached: string | null = null;

/** The gnnrec package version (recorded in model manifests). */
export function packageVersion(): string {
  if (cached === null) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    cached = pkg.version;
  }
  return cached;
}
