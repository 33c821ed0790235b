import { join } from 'node:path';
import { findKind, listKinds, resolveConfig, type ModelKind } from '../registry.ts';
import type { Recommender } from '../recommender.ts';
import { ConfigError } from '../schema.ts';
import { readManifest, type Manifest } from './manifest.ts';
import { loadSafetensors } from './safetensors.ts';
import { checkTensors, shapesOf } from './folder-spec.ts';
import { InputError } from '../../util/errors.ts';

/** A model folder that passed every check, and the model restored from it. */
export interface OpenedFolder {
  manifest: Manifest;
  kind: ModelKind;
  model: Recommender;
}

function checkIds(file: string, field: string, ids: unknown): number {
  if (!Array.isArray(ids)) throw new InputError({ file, field }, 'must be a list of ids');
  const seen = new Set<string>();
  for (let k = 0; k < ids.length; k++) {
    const id: unknown = ids[k];
    if (typeof id !== 'string')
      throw new InputError({ file, field }, `entry ${k} is ${JSON.stringify(id)}, expected a string id`);
    if (seen.has(id)) throw new InputError({ file, field }, `id '${id}' appears twice`);
    seen.add(id);
  }
  return ids.length;
}

/**
 * Checks a model folder without restoring the model: the manifest (a known kind, unique string ids, a config its
 * kind's schema accepts) and every tensor against what the manifest implies (dtype, shape, index bounds, CSR
 * structure), then nested model folders. Damage is an `InputError` naming the folder's file and field.
 */
export async function checkModelFolder(dir: string): Promise<{ manifest: Manifest; kind: ModelKind }> {
  const manifest = await readManifest(dir);
  const mfile = join(dir, 'manifest.json');
  const kind = typeof manifest.kind === 'string' ? findKind(manifest.kind) : undefined;
  if (!kind)
    throw new InputError(
      { file: mfile, field: 'kind' },
      `${JSON.stringify(manifest.kind)} is not a model kind (kinds: ${listKinds()
        .map((k) => k.kind)
        .join(', ')})`,
    );
  if (manifest.ids === null || typeof manifest.ids !== 'object')
    throw new InputError({ file: mfile, field: 'ids' }, 'must be an object with users and items');
  checkIds(mfile, 'ids.users', manifest.ids.users);
  checkIds(mfile, 'ids.items', manifest.ids.items);
  if (manifest.config === null || typeof manifest.config !== 'object' || Array.isArray(manifest.config))
    throw new InputError({ file: mfile, field: 'config' }, 'must be a JSON object');
  const settings: Record<string, unknown> = { ...manifest.config };
  for (const k of kind.storedConfigKeys ?? []) delete settings[k];
  let resolved: Record<string, unknown>;
  try {
    resolved = resolveConfig(kind, settings);
  } catch (err) {
    if (err instanceof ConfigError)
      throw new InputError({ file: mfile, field: `config.${err.key}` }, err.message);
    throw err;
  }
  if (kind.folder) {
    const file = join(dir, 'tensors.safetensors');
    const tensors = await loadSafetensors(file);
    // Sized by the config as the kind restores it: keys an older manifest lacks take their defaults.
    const spec = kind.folder({ ...manifest, config: { ...manifest.config, ...resolved } }, shapesOf(tensors));
    checkTensors(file, tensors, spec);
    for (const sub of spec.nested ?? []) {
      const inner = (await checkModelFolder(join(dir, sub))).manifest;
      // A nested model answers for the same users and items, in the same dense order.
      for (const side of ['users', 'items'] as const)
        if (JSON.stringify(inner.ids[side]) !== JSON.stringify(manifest.ids[side]))
          throw new InputError(
            { file: join(dir, sub, 'manifest.json'), field: `ids.${side}` },
            `differs from the ${side} of ${mfile}`,
          );
    }
  }
  return { manifest, kind };
}

/**
 * Opens a model folder the one safe way: `checkModelFolder`, then the kind's own restore. Nothing is restored from a
 * folder that fails a check, so no caller can serve a model whose tensors disagree with its ids.
 */
export async function openModelFolder(dir: string): Promise<OpenedFolder> {
  const { manifest, kind } = await checkModelFolder(dir);
  const model = await kind.load(dir);
  return { manifest, kind, model };
}
