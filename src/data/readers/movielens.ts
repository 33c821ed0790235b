import { GnnrecError } from '../../util/errors.ts';
import type { Dataset, ItemMeta, ReadOptions } from '../types.ts';
import { assembleDataset } from './assemble.ts';
import { InteractionBuilder } from './builder.ts';
import { ReadContext } from './context.ts';
import { parseId, parseOptionalNumber } from './fields.ts';
import { datasetName, optionalFile } from './files.ts';
import { readInteractionFile } from './interaction-file.ts';
import { readTable, resolveColumns } from './table.ts';
import { splitGenres, yearFromDate, yearFromTitle } from './text.ts';

/** The 19 ml-100k genres in `u.item` flag order (used when `u.genre` is absent). */
export const ML100K_GENRES = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];

/**
 * Reads a MovieLens folder: latest/25m CSV (`ratings.csv` + `movies.csv`, `tags.csv`, `links.csv`),
 * ml-100k (`u.data` + latin-1 `u.item`, `u.genre`) or ml-1m/10m (`ratings.dat` + `movies.dat`, `::`).
 * Items are the rated movies; catalogue rows nobody rated are counted as `unrated-item`.
 */
export async function readMovieLens(dir: string, opts: ReadOptions = {}): Promise<{ dataset: Dataset; ctx: ReadContext }> {
  const ctx = new ReadContext(opts.lenient ?? false);
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
      { file: latest, delimiter: ',', quoted: true, header: true, encoding: 'utf8', numericIds: true, ratingRange: range,
        user: { name: 'userId' }, item: { name: 'movieId' }, rating: { name: 'rating' }, timestamp: { name: 'timestamp' } },
      builder, ctx);
    const movies = optionalFile(dir, 'movies.csv');
    if (movies) await readMoviesCsv(movies, meta, ctx);
    const tags = optionalFile(dir, 'tags.csv');
    if (tags) await readTags(tags, meta, builder, ctx);
    const links = optionalFile(dir, 'links.csv');
    if (links) await readLinks(links, meta, ctx);
  } else if (ml100k) {
    range = [1, 5];
    await readInteractionFile(
      { file: ml100k, delimiter: '\t', quoted: false, header: false, encoding: 'utf8', numericIds: true, ratingRange: range,
        user: { name: 'user_id', index: 0 }, item: { name: 'item_id', index: 1 }, rating: { name: 'rating', index: 2 }, timestamp: { name: 'timestamp', index: 3 } },
      builder, ctx);
    const item = optionalFile(dir, 'u.item');
    if (item) await readUItem(item, await readUGenre(optionalFile(dir, 'u.genre'), ctx), meta, ctx);
  } else if (dat) {
    range = [1, 5];
    await readInteractionFile(
      { file: dat, delimiter: '::', quoted: false, header: false, encoding: 'latin1', numericIds: true, ratingRange: range,
        user: { name: 'UserID', index: 0 }, item: { name: 'MovieID', index: 1 }, rating: { name: 'Rating', index: 2 }, timestamp: { name: 'Timestamp', index: 3 } },
      builder, ctx);
    const movies = optionalFile(dir, 'movies.dat');
    if (movies) await readMoviesDat(movies, meta, ctx);
  } else {
    throw new GnnrecError(`${dir}: not a MovieLens folder (expected ratings.csv, u.data or ratings.dat)`);
  }
  return { dataset: assembleDataset({ name, format: 'movielens', builder, ctx, meta, ratingRange: range }), ctx };
}

function titleMeta(title: string, genres: string[]): ItemMeta {
  const m: ItemMeta = { title, genres };
  const y = yearFromTitle(title);
  if (y !== undefined) m.year = y;
  return m;
}

async function readMoviesCsv(file: string, meta: Map<string, ItemMeta>, ctx: ReadContext): Promise<void> {
  let col = [0, 1, 2];
  await readTable(file, { delimiter: ',', quoted: true, header: true, encoding: 'utf8' }, ctx, ({ fields, line }) => {
    if (fields.length < 3) return void ctx.reject({ file, line, field: 'genres' }, 'missing-field', `missing field (${fields.length} of 3 fields)`);
    const id = parseId(ctx, fields[col[0]!]!, { file, line, field: 'movieId' }, true);
    if (id !== null) meta.set(id, titleMeta(fields[col[1]!]!.trim(), splitGenres(fields[col[2]!]!, '|')));
  }, (h) => (col = resolveColumns(file, h, [{ name: 'movieId', required: true }, { name: 'title', required: true }, { name: 'genres', required: true }])));
}

async function readTags(file: string, meta: Map<string, ItemMeta>, builder: InteractionBuilder, ctx: ReadContext): Promise<void> {
  let col = [1, 2];
  await readTable(file, { delimiter: ',', quoted: true, header: true, encoding: 'utf8' }, ctx, ({ fields, line }) => {
    if (fields.length <= Math.max(...col)) return void ctx.reject({ file, line, field: 'tag' }, 'missing-field', 'missing field');
    const id = fields[col[0]!]!.trim();
    const tag = fields[col[1]!]!.trim();
    // Tags of movies nobody rated are dropped with them.
    if (!builder.items.has(id) || tag.length === 0) return;
    const m = meta.get(id) ?? {};
    meta.set(id, m);
    const tags = (m.tags ??= []);
    if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  }, (h) => (col = resolveColumns(file, h, [{ name: 'movieId', required: true }, { name: 'tag', required: true }])));
}

async function readLinks(file: string, meta: Map<string, ItemMeta>, ctx: ReadContext): Promise<void> {
  await readTable(file, { delimiter: ',', quoted: true, header: true, encoding: 'utf8' }, ctx, ({ fields }) => {
    const m = meta.get((fields[0] ?? '').trim());
    if (m) m.numeric = { ...m.numeric, imdbId: parseOptionalNumber(fields[1]), tmdbId: parseOptionalNumber(fields[2]) };
  });
}

async function readUGenre(file: string | undefined, ctx: ReadContext): Promise<string[]> {
  if (!file) return ML100K_GENRES;
  const names: string[] = [];
  await readTable(file, { delimiter: '|', quoted: false, header: false, encoding: 'latin1' }, ctx, ({ fields }) => {
    const id = Number(fields[1]);
    if (fields[0] && Number.isInteger(id)) names[id] = fields[0];
  });
  return names.length === 19 ? names : ML100K_GENRES;
}

async function readUItem(file: string, genres: string[], meta: Map<string, ItemMeta>, ctx: ReadContext): Promise<void> {
  // u.item is latin-1: reading it as UTF-8 would garble 9 titles.
  await readTable(file, { delimiter: '|', quoted: false, header: false, encoding: 'latin1' }, ctx, ({ fields, line }) => {
    if (fields.length < 5 + 19) return void ctx.reject({ file, line, field: fields.length < 2 ? 'title' : 'genre flags' }, 'missing-field', `missing field (${fields.length} of 24 fields)`);
    const id = parseId(ctx, fields[0]!, { file, line, field: 'movie_id' }, true);
    if (id === null) return;
    const g = genres.filter((_, k) => fields[5 + k]!.trim() === '1');
    const m = titleMeta(fields[1]!.trim(), g);
    if (m.year === undefined) {
      const y = yearFromDate(fields[2]!);
      if (y !== undefined) m.year = y;
    }
    meta.set(id, m);
  });
}

async function readMoviesDat(file: string, meta: Map<string, ItemMeta>, ctx: ReadContext): Promise<void> {
  await readTable(file, { delimiter: '::', quoted: false, header: false, encoding: 'latin1' }, ctx, ({ fields, line }) => {
    if (fields.length < 3) return void ctx.reject({ file, line, field: 'Genres' }, 'missing-field', `missing field (${fields.length} of 3 fields)`);
    const id = parseId(ctx, fields[0]!, { file, line, field: 'MovieID' }, true);
    if (id !== null) meta.set(id, titleMeta(fields[1]!.trim(), splitGenres(fields[2]!, '|')));
  });
}
