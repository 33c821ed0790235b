import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../data/types.ts';
import { IdMap } from '../data/idmap.ts';
import { getProtocol, type ProtocolSetup } from '../eval/index.ts';
import type { Csr } from '../tensor/csr.ts';
import type { Manifest } from '../models/io/manifest.ts';
import { openModelFolder } from '../models/io/open-folder.ts';
import type { Recommender } from '../models/recommender.ts';
import { GnnrecError } from '../util/errors.ts';
// Registers every model kind before a folder names one.
import '../models/index.ts';
import { ratedCsr } from './rated.ts';
import { TITLES_FILE } from './save.ts';
import { hasData, loadRunData, loadSource, type RunSource } from './source.ts';

/** An opened model folder: the model, its manifest and id maps, and lazy access to its data source and split. */
export interface Run {
  dir: string;
  manifest: Manifest;
  kind: string;
  task: 'ranking' | 'rating';
  model: Recommender;
  /** Raw ↔ dense ids of the model's users and items. */
  users: IdMap;
  items: IdMap;
  /** Where the training data came from, or null for folders trained outside the run layer. */
  source: RunSource | null;
  /** The training dataset, read once from the run source (fails when the data changed or is gone). */
  dataset(): Promise<Dataset>;
  /** The protocol's split of the training data (rebuilt once from dataset, protocol and seed). */
  setup(): Promise<ProtocolSetup>;
  /**
   * Every item each user is known to have rated, in the model's dense indices: the data source's interactions
   * (any rating, whichever split trained the model), or the model's training graph when the source is unreadable.
   */
  rated(): Promise<Csr | null>;
  /** Things a person should know about this run's answers (e.g. its data source could not be read); empty if none. */
  notices: string[];
  /** Item titles in dense order: the folder's titles file, else the dataset's metadata; null when neither has any. */
  titles(): Promise<Array<string | null> | null>;
}

/** Options of `openRun`. */
export interface OpenRunOptions {
  /** The run's dataset when the caller already holds it (skips reading the source). */
  dataset?: Dataset;
}

function memo<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= f());
}

/** The run source of a manifest, or null when the folder was not trained through the run layer. */
export function manifestRunSource(m: Manifest): RunSource | null {
  return ((m.extra as { run?: RunSource } | undefined)?.run as RunSource | undefined) ?? null;
}

/** Opens a model folder: manifest → kind → model, id maps, and lazy data source, split, rated items and titles. */
export async function openRun(dir: string, opts: OpenRunOptions = {}): Promise<Run> {
  const { manifest, kind: factory, model } = await openModelFolder(dir);
  const source = manifestRunSource(manifest);
  const dataset = memo(async () => {
    if (opts.dataset) return opts.dataset;
    if (!source || !hasData(source))
      throw new GnnrecError(
        `${join(dir, 'manifest.json')}: field 'extra.run': ${source ? 'no data source recorded (trained in memory)' : 'missing (model was not trained through gnnrec train or trainRun)'}; its data cannot be read again`,
      );
    return loadRunData(source);
  });
  const run: Run = {
    dir,
    manifest,
    kind: manifest.kind,
    task: factory.task,
    model,
    users: IdMap.fromJSON(manifest.ids.users),
    items: IdMap.fromJSON(manifest.ids.items),
    source,
    notices: [],
    dataset,
    setup: memo(async () => {
      if (!source)
        throw new GnnrecError(
          `${join(dir, 'manifest.json')}: field 'extra.run': missing (model was not trained by 'gnnrec train'; its split cannot be rebuilt)`,
        );
      return getProtocol(source.protocol).prepare(await dataset(), source.seed);
    }),
    rated: memo(async () => {
      // The rated set only needs raw ids, so a store that gained users since training still serves it.
      let ds = opts.dataset ?? null;
      if (!ds && source && hasData(source))
        ds = await loadSource(source).catch((err: unknown) => {
          run.notices.push(
            `${source.data ?? source.store}: not readable (${err instanceof Error ? err.message : String(err)}); only the model's training items are left out`,
          );
          return null;
        });
      if (ds) return ratedCsr(ds, run.users, run.items);
      return (model as { seen?: Csr | null }).seen ?? null;
    }),
    titles: memo(async () => {
      const file = join(dir, TITLES_FILE);
      if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Array<string | null>;
      const ds = await dataset().catch(() => null);
      if (!ds || !ds.itemMeta.some((m) => m.title)) return null;
      return manifest.ids.items.map((id) => {
        const i = ds.items.get(id);
        return i === undefined ? null : (ds.itemMeta[i]?.title ?? null);
      });
    }),
  };
  return run;
}
