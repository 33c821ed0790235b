import { GnnrecError } from '../../util/errors.ts';
import type { Dataset, ItemMeta, ReadOptions } from '../types.ts';
import { assembleDataset } from './assemble.ts';
import { InteractionBuilder } from './builder.ts';
import { ReadContext } from './context.ts';
import { datasetName, optionalFile } from './files.ts';
import { readInteractionFile } from './interaction-file.ts';
import {
  readLinks,
  readMoviesCsv,
  readMoviesDat,
  readTags,
  readUGenre,
  readUItem,
} from './movielens-meta.ts';

/**
 * Reads a MovieLens folder: latest/25m CSV (`ratings.csv` + `movies.csv`, `tags.csv`, `links.csv`),
 * ml-100k (`u.data` + latin-1 `u.item`, `u.genre`) or ml-1m/10m (`ratings.dat` + `movies.dat`, `::`).
 * Items are the rated movies; catalogue rows nobody rated are counted as `unrated-item`.
 */
export async function readMovieLens(
  dir: string,
  opts: ReadOptions = {},
): Promise<{ dataset: Dataset; ctx: ReadContext }> {
  const ctx = new ReadContext(opts.lenient ?? false, opts.progress, opts.maxLineBytes);
  const name = datasetName(dir);
  const latest = optionalFile(dir, 'ratings.csv');
  const ml100k = optionalFile(dir, 'u.data');
  const dat = optionalFile(dir, 'ratings.dat');
  const builder = new InteractionBuilder(true);
  const meta = new Map<string, ItemMeta>();
  let range: [number, number];
  if (latest) {
    range = [0.5, 5];
    await readInteractionFile(
      {
        file: latest,
        delimiter: ',',
        quoted: true,
        header: true,
        encoding: 'utf8',
        numericIds: true,
        ratingRange: range,
        user: { name: 'userId' },
        item: { name: 'movieId' },
        rating: { name: 'rating' },
        timestamp: { name: 'timestamp' },
      },
      builder,
      ctx,
    );
    const movies = optionalFile(dir, 'movies.csv');
    if (movies) await readMoviesCsv(movies, meta, ctx);
    const tags = optionalFile(dir, 'tags.csv');
    if (tags) await readTags(tags, meta, builder, ctx);
    const links = optionalFile(dir, 'links.csv');
    if (links) await readLinks(links, meta, ctx);
  } else if (ml100k) {
    range = [1, 5];
    await readInteractionFile(
      {
        file: ml100k,
        delimiter: '\t',
        quoted: false,
        header: false,
        encoding: 'utf8',
        numericIds: true,
        ratingRange: range,
        user: { name: 'user_id', index: 0 },
        item: { name: 'item_id', index: 1 },
        rating: { name: 'rating', index: 2 },
        timestamp: { name: 'timestamp', index: 3 },
      },
      builder,
      ctx,
    );
    const item = optionalFile(dir, 'u.item');
    if (item) await readUItem(item, await readUGenre(optionalFile(dir, 'u.genre'), ctx), meta, ctx);
  } else if (dat) {
    // ml-1m rates 1–5 in whole stars, ml-10m 0.5–5 in half stars: accept both, report what the file uses.
    range = [0.5, 5];
    await readInteractionFile(
      {
        file: dat,
        delimiter: '::',
        quoted: false,
        header: false,
        encoding: 'latin1',
        numericIds: true,
        ratingRange: range,
        user: { name: 'UserID', index: 0 },
        item: { name: 'MovieID', index: 1 },
        rating: { name: 'Rating', index: 2 },
        timestamp: { name: 'Timestamp', index: 3 },
      },
      builder,
      ctx,
    );
    const movies = optionalFile(dir, 'movies.dat');
    if (movies) await readMoviesDat(movies, meta, ctx);
  } else {
    throw new GnnrecError(`${dir}: not a MovieLens folder (expected ratings.csv, u.data or ratings.dat)`);
  }
  const dataset = assembleDataset({ name, format: 'movielens', builder, ctx, meta, ratingRange: range });
  if (dat && !latest && !ml100k && dataset.interactions.rating.every((r) => r >= 1))
    dataset.ratingRange = [1, 5];
  return {
    dataset,
    ctx,
  };
}
