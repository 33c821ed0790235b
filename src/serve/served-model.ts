import { basename } from 'node:path';
import { IdMap } from '../data/idmap.ts';
import type { Manifest } from '../models/io/manifest.ts';
import { openModelFolder } from '../models/io/open-folder.ts';
import { findKind } from '../models/registry.ts';
import type { Recommender } from '../models/recommender.ts';

/** A loaded model as the server uses it: the recommender, its manifest and its raw↔dense id maps. */
export interface ServedModel {
  /** Name used in `?model=` (the kind, or the folder name when two models share a kind). */
  name: string;
  kind: string;
  task: 'ranking' | 'rating';
  recommender: Recommender;
  manifest: Manifest;
  users: IdMap;
  items: IdMap;
}

/** Wraps an already loaded (or just trained) recommender with its manifest for serving. */
export function serveModel(recommender: Recommender, manifest: Manifest, name?: string): ServedModel {
  const task =
    findKind(manifest.kind)?.task ?? (typeof manifest.metrics['rmse'] === 'number' ? 'rating' : 'ranking');
  return {
    name: name ?? manifest.kind,
    kind: manifest.kind,
    task,
    recommender,
    manifest,
    users: IdMap.fromJSON(manifest.ids.users),
    items: IdMap.fromJSON(manifest.ids.items),
  };
}

/** Loads model folders through the registry; names are made unique by folder name. */
export async function loadServedModels(dirs: readonly string[]): Promise<ServedModel[]> {
  await import('../models/index.ts');
  const out: ServedModel[] = [];
  for (const dir of dirs) {
    // Checked on open: nothing is served from a folder whose tensors disagree with its manifest.
    const { manifest, model } = await openModelFolder(dir);
    out.push(serveModel(model, manifest));
  }
  const seen = new Map<string, number>();
  for (const m of out) seen.set(m.kind, (seen.get(m.kind) ?? 0) + 1);
  for (const [m, dir] of out.map((m, i) => [m, dirs[i]!] as const)) {
    if (seen.get(m.kind)! > 1) m.name = `${m.kind}:${basename(dir)}`;
  }
  return out;
}
