import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { GnnrecError, InputError } from '../util/errors.ts';
import { nonRegularKind, notAFileMessage } from './readers/files.ts';
import { detectFormat, type DataFormat } from './detect.ts';
import { readAnime } from './readers/anime.ts';
import type { ReadContext } from './readers/context.ts';
import { readCsv, type CsvMapping } from './readers/csv.ts';
import { readLightGcn } from './readers/lightgcn.ts';
import { readMovieLens } from './readers/movielens.ts';
import { readMoviesDataset } from './readers/movies-dataset.ts';
import type { Dataset, ReadReport } from './types.ts';
import type { Progress } from '../util/progress.ts';

export type { CsvMapping } from './readers/csv.ts';
export type { DataFormat } from './detect.ts';

/** Options of `loadDataset`. */
export interface LoadOptions {
  /** Reader to use; `auto` (default) detects it from the folder's files. */
  format?: DataFormat;
  /** Skip malformed rows (counted in the report by reason) instead of failing on the first. */
  lenient?: boolean;
  /** Anime `rating.csv` −1 (watched, not rated): `drop` (default) or `keep` as rating −1. */
  animeUnrated?: 'drop' | 'keep';
  /** Progress of reading (bytes per file); default silent. */
  progress?: Progress;
  /** Longest line or CSV record accepted, in bytes (default 1 MiB); longer ones are an error naming the line. */
  maxLineBytes?: number;
  /** Column mapping for the `csv` format (default: header names user/item/rating/timestamp and common aliases). */
  csv?: CsvMapping;
}

/** Loads a dataset folder or file into dense typed arrays, with the report of skipped rows and files read. */
export async function loadDatasetWithReport(
  path: string,
  opts: LoadOptions = {},
): Promise<{ dataset: Dataset; report: ReadReport }> {
  const format = opts.format ?? 'auto';
  if (!existsSync(path))
    throw new GnnrecError(
      `${path}: no such file or folder (pass a dataset folder or file with --data, or run 'gnnrec data fetch')`,
    );
  const kind = nonRegularKind(statSync(path));
  if (kind !== null && kind !== 'a folder') throw new InputError({ file: path }, notAFileMessage(kind));
  // Named readers take a folder; given one of its files, they read the folder it sits in.
  const target =
    format === 'auto'
      ? detectFormat(path)
      : { format, path: format !== 'csv' && statSync(path).isFile() ? dirname(path) : path };
  const read = { lenient: opts.lenient ?? false, progress: opts.progress, maxLineBytes: opts.maxLineBytes };
  let out: { dataset: Dataset; ctx: ReadContext };
  switch (target.format) {
    case 'movielens':
      out = await readMovieLens(target.path, read);
      break;
    case 'anime':
      out = await readAnime(target.path, { ...read, animeUnrated: opts.animeUnrated });
      break;
    case 'movies-dataset':
      out = await readMoviesDataset(target.path, read);
      break;
    case 'lightgcn':
      out = await readLightGcn(target.path, read);
      break;
    case 'csv':
      out = await readCsv(target.path, opts.csv, read);
      break;
    default:
      throw new GnnrecError(`unknown data format '${String(target.format)}'`);
  }
  opts.progress?.end();
  return { dataset: out.dataset, report: out.ctx.report() };
}

/** Loads a dataset folder or file (MovieLens, anime, The Movies Dataset, LightGCN, generic CSV) into a `Dataset`. */
export async function loadDataset(path: string, opts: LoadOptions = {}): Promise<Dataset> {
  return (await loadDatasetWithReport(path, opts)).dataset;
}
