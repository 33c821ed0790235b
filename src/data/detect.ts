import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GnnrecError, InputError } from '../util/errors.ts';
import { nonRegularKind, notAFileMessage } from './readers/files.ts';

/** Reader formats of `loadDataset` (`auto` detects one from the folder's files). */
export type DataFormat = 'auto' | 'movielens' | 'anime' | 'movies-dataset' | 'lightgcn' | 'csv';

/** Every format name accepted by `--format`. */
export const DATA_FORMATS: readonly DataFormat[] = [
  'auto',
  'movielens',
  'anime',
  'movies-dataset',
  'lightgcn',
  'csv',
];

/** A detected format and the path its reader takes (a folder, or a file for `csv`). */
export interface Detected {
  format: Exclude<DataFormat, 'auto'>;
  path: string;
}

/**
 * Detects the format of a dataset folder or file by the files it holds: train.txt+test.txt →
 * lightgcn; u.data / ratings.dat → movielens; ratings_small.csv or movies_metadata.csv →
 * movies-dataset; anime.csv → anime; ratings.csv → movielens; any other file → csv. A folder with
 * none of these but exactly one subfolder (an unzipped archive) is looked into.
 */
export function detectFormat(path: string): Detected {
  if (!existsSync(path))
    throw new GnnrecError(`${path}: no such file or folder (pass a dataset folder or file with --data)`);
  const st = statSync(path);
  if (!st.isDirectory()) {
    const kind = nonRegularKind(st);
    if (kind !== null) throw new InputError({ file: path }, notAFileMessage(kind));
    // A file of a known release stands for its folder, so its metadata files are read too.
    const name = basename(path);
    const dir = dirname(path);
    const sibling = (f: string): boolean => existsSync(join(dir, f));
    if ((name === 'train.txt' || name === 'test.txt') && sibling('train.txt') && sibling('test.txt')) {
      return { format: 'lightgcn', path: dir };
    }
    if (name === 'u.data' || name === 'ratings.dat') return { format: 'movielens', path: dir };
    if (name === 'ratings.csv' && sibling('movies.csv')) return { format: 'movielens', path: dir };
    if (name === 'ratings_small.csv') return { format: 'movies-dataset', path: dir };
    if ((name === 'rating.csv' || name === 'anime.csv') && sibling('anime.csv'))
      return { format: 'anime', path: dir };
    return { format: 'csv', path };
  }
  const files = new Set(readdirSync(path));
  const has = (f: string): boolean => files.has(f);
  if (has('train.txt') && has('test.txt')) return { format: 'lightgcn', path };
  if (has('u.data') || has('ratings.dat')) return { format: 'movielens', path };
  if (has('ratings_small.csv') || has('movies_metadata.csv') || has('links_small.csv'))
    return { format: 'movies-dataset', path };
  if (has('anime.csv') || (has('rating.csv') && !has('ratings.csv'))) return { format: 'anime', path };
  if (has('ratings.csv')) return { format: 'movielens', path };
  const subdirs = [...files].filter((f) => statSync(join(path, f)).isDirectory());
  if (subdirs.length === 1) return detectFormat(join(path, subdirs[0]!));
  throw new GnnrecError(
    `${path}: cannot tell the dataset format (expected ratings.csv, u.data, ratings.dat, anime.csv, ratings_small.csv or train.txt+test.txt); pass --format`,
  );
}
