import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { GnnrecError } from '../../util/errors.ts';
import { silentProgress, type Progress } from '../../util/progress.ts';
import { defaultCacheDir } from './cache.ts';
import { download } from './download.ts';
import { baseUrl, DATASET_SOURCES, type DatasetSource } from './sources.ts';
import { extractZip } from './unzip.ts';

/** Options of `fetchDataset`. */
export interface FetchOptions {
  /** Cache folder (default `$XDG_CACHE_HOME/gnnrec` or `~/.cache/gnnrec`). */
  cache?: string;
  /** Base URL (default `GNNREC_DATA_URL` or GroupLens). */
  baseUrl?: string;
  /** Give up when the server has not answered within this many ms (default 15000, `GNNREC_FETCH_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Overrides the known source (name, file, checksum) — for mirrors and tests. */
  source?: DatasetSource;
  progress?: Progress;
}

/** What `fetchDataset` did. */
export interface FetchResult {
  name: string;
  /** Folder holding the dataset's files, ready for `loadDataset`. */
  path: string;
  sha256: string;
  /** True when the folder was already in the cache (nothing downloaded). */
  cached: boolean;
}

const MARKER = '.gnnrec-complete';

/**
 * Downloads a known dataset archive (ml-latest-small, ml-100k, ml-1m), verifies its checksum,
 * unzips it into the cache and returns the folder; a complete cached copy is reused.
 */
export async function fetchDataset(name: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const source = opts.source ?? DATASET_SOURCES[name];
  if (!source)
    throw new GnnrecError(`unknown dataset '${name}' (known: ${Object.keys(DATASET_SOURCES).join(', ')})`);
  const root = join(opts.cache ?? defaultCacheDir(), 'datasets');
  const dest = join(root, source.name);
  const marker = join(dest, MARKER);
  if (existsSync(marker)) {
    const sha256 = readMarker(marker);
    return { name: source.name, path: dest, sha256, cached: true };
  }
  const url = (opts.baseUrl ?? baseUrl()) + source.file;
  const timeoutMs = opts.timeoutMs ?? (Number(process.env.GNNREC_FETCH_TIMEOUT_MS) || 15000);
  const hint = `Without network, download ${source.file} from a machine that has it, unzip it and pass the folder with --data DIR.`;
  const got = await download(url, { timeoutMs, hint, progress: opts.progress ?? silentProgress });
  if (source.sha256 && got.sha256 !== source.sha256.toLowerCase()) {
    throw new GnnrecError(`checksum mismatch for ${url}: sha256 ${got.sha256}, expected ${source.sha256}`);
  }
  if (!source.sha256 && source.md5 && got.md5 !== source.md5.toLowerCase()) {
    throw new GnnrecError(`checksum mismatch for ${url}: md5 ${got.md5}, expected ${source.md5}`);
  }
  mkdirSync(root, { recursive: true });
  // Unzip next to the destination and rename, so an interrupted fetch never leaves a half folder.
  const tmp = mkdtempSync(join(root, `.tmp-${source.name}-`));
  try {
    extractZip(got.data, tmp, url);
    const top = readdirSync(tmp);
    const inner = top.length === 1 && statSync(join(tmp, top[0]!)).isDirectory() ? join(tmp, top[0]!) : tmp;
    writeFileSync(
      join(inner, MARKER),
      JSON.stringify({ url, sha256: got.sha256, md5: got.md5, fetched: new Date().toISOString() }) + '\n',
    );
    rmSync(dest, { recursive: true, force: true });
    renameSync(inner, dest);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { name: source.name, path: dest, sha256: got.sha256, cached: false };
}

function readMarker(marker: string): string {
  try {
    const j = JSON.parse(readFileSync(marker, 'utf8')) as { sha256?: string };
    return j.sha256 ?? '';
  } catch {
    return '';
  }
}
