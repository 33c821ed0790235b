import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.ts';
import { InputError } from '../../util/errors.ts';
import { packageVersion } from '../../util/version.ts';

/** Contents of a model folder's `manifest.json`. */
export interface Manifest {
  kind: string;
  config: Record<string, unknown>;
  seed: number;
  version: string;
  created: string;
  dataset: { name: string; fingerprint: string; users: number; items: number; interactions: number };
  /** Raw ids in dense order, so a loaded model maps ids without the dataset. */
  ids: { users: string[]; items: string[] };
  metrics: Record<string, unknown>;
  /** Model-specific extras (training curve, graph size, …). */
  extra?: Record<string, unknown>;
}

/** Writes `manifest.json` into `dir` atomically (version and created filled in when absent). */
export async function writeManifest(
  dir: string,
  m: Omit<Manifest, 'version' | 'created'> & Partial<Pick<Manifest, 'version' | 'created'>>,
): Promise<void> {
  const full: Manifest = {
    ...m,
    version: m.version ?? packageVersion(),
    created: m.created ?? new Date().toISOString(),
  };
  await writeFileAtomic(join(dir, 'manifest.json'), JSON.stringify(full, null, 1) + '\n');
}

/** Reads and checks `manifest.json` in `dir`. */
export async function readManifest(dir: string): Promise<Manifest> {
  const file = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError(
      { file },
      'not a model folder (manifest.json missing); train one with `gnnrec train --out DIR`',
    );
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (err) {
    throw new InputError({ file }, `invalid JSON: ${(err as Error).message}`);
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m))
    throw new InputError(
      { file },
      `must be a JSON object, got ${m === null ? 'null' : Array.isArray(m) ? 'a list' : typeof m}`,
    );
  for (const field of ['kind', 'config', 'seed', 'ids'] as const) {
    if (m[field] === undefined) throw new InputError({ file, field }, 'missing');
  }
  return m;
}
