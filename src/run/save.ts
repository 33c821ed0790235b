import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, writeManifest } from '../models/io/manifest.ts';
import { writeFileAtomic } from '../models/io/atomic.ts';
import type { Dataset } from '../data/types.ts';
import type { TrainedRun } from './types.ts';
import { replaceFolder } from '../util/atomic-dir.ts';

/** File beside a model holding its items' titles in dense order (null where unknown). */
export const TITLES_FILE = 'titles.json';

/** Writes the dataset's item titles beside the model, so a folder names its items without the data. */
async function writeTitles(dir: string, ds: Dataset): Promise<void> {
  const file = join(dir, TITLES_FILE);
  if (existsSync(file) || !ds.itemMeta.some((m) => m.title)) return;
  await writeFileAtomic(file, JSON.stringify(ds.itemMeta.map((m) => m.title ?? null)) + '\n');
}

const SUMMARY_KEYS = new Set([
  'model',
  'dataset',
  'protocol',
  'seed',
  'epochs',
  'best_epoch',
  'train_seconds',
  'metrics',
]);

/**
 * Saves a trained run as a model folder: the model's own files, then titles, then the manifest again with the run's
 * provenance (run source, metrics, curve, epochs, best epoch, training time) and `extra`, so the manifest written
 * last marks a complete folder.
 */
export async function saveRun(
  run: TrainedRun,
  out: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  // Written into a staging folder that replaces `out` whole: a kill or a full disk leaves the previous model intact.
  await replaceFolder(out, (dir) => saveRunInto(run, dir, extra));
}

async function saveRunInto(run: TrainedRun, dir: string, extra: Record<string, unknown>): Promise<void> {
  await run.model.save(dir);
  await writeTitles(dir, run.dataset);
  const m = await readManifest(dir);
  const s = run.summary;
  const { epochs, best_epoch, train_seconds, metrics } = s;
  // Model-specific summary fields (e.g. a derived graph's size) travel with the manifest too.
  const more = Object.fromEntries(Object.entries(s).filter(([k]) => !SUMMARY_KEYS.has(k)));
  await writeManifest(dir, {
    ...m,
    metrics,
    extra: {
      ...(m.extra ?? {}),
      ...more,
      curve: run.curve,
      epochs,
      best_epoch,
      train_seconds,
      ...extra,
      run: run.source,
    },
  });
}
