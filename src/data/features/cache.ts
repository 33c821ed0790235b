import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ItemMeta } from '../types.ts';
import type { FeatureBlock } from './block.ts';
import { defaultCacheDir } from '../fetch/cache.ts';

/**
 * The feature cache a model config names by default. It stands for the user's cache folder
 * (`featureCacheDir`), never a folder under the working directory: configs saved in manifests keep
 * this spelling, so it is resolved where it is used.
 */
export const DEFAULT_FEATURE_CACHE = '.cache/gnnrec/features';

/** Where item features are cached: `$XDG_CACHE_HOME/gnnrec/features` (or `~/.cache/gnnrec/features`) for the default, else `dir` itself. */
export function featureCacheDir(
  dir: string = DEFAULT_FEATURE_CACHE,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return dir === DEFAULT_FEATURE_CACHE ? join(defaultCacheDir(env), 'features') : dir;
}

/** Fingerprint of what item features depend on: the dataset name, item ids and their metadata. */
export function itemsFingerprint(
  name: string,
  itemIds: readonly string[],
  meta: readonly ItemMeta[],
): string {
  const h = createHash('sha256');
  h.update(name);
  for (let i = 0; i < itemIds.length; i++) {
    h.update('\0');
    h.update(itemIds[i]);
    h.update(JSON.stringify(meta[i] ?? {}));
  }
  return h.digest('hex').slice(0, 24);
}

/** Cache key of one encoder run: the items fingerprint plus the encoder config. */
export function featureCacheKey(fingerprint: string, config: unknown): string {
  return createHash('sha256').update(fingerprint).update(JSON.stringify(config)).digest('hex').slice(0, 24);
}

/** Reads a cached block (`KEY.f32` + `KEY.json`), or null when absent or unreadable. */
export async function readCachedBlock(dir: string, key: string): Promise<FeatureBlock | null> {
  try {
    const head = JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as {
      rows: number;
      cols: number;
      names: string[];
    };
    const buf = await readFile(join(dir, `${key}.f32`));
    if (buf.byteLength !== head.rows * head.cols * 4) return null;
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    return { rows: head.rows, cols: head.cols, names: head.names, data };
  } catch {
    return null;
  }
}

/** Writes a block to the cache (data first, header last, each via rename, so readers never see half a file). */
export async function writeCachedBlock(
  dir: string,
  key: string,
  b: FeatureBlock,
  info: Record<string, unknown> = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = `.${process.pid}.${Date.now()}.tmp`;
  await writeFile(
    join(dir, `${key}.f32${tmp}`),
    new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength),
  );
  await rename(join(dir, `${key}.f32${tmp}`), join(dir, `${key}.f32`));
  await writeFile(
    join(dir, `${key}.json${tmp}`),
    JSON.stringify({ rows: b.rows, cols: b.cols, names: b.names, ...info }),
  );
  await rename(join(dir, `${key}.json${tmp}`), join(dir, `${key}.json`));
}
