// Item metadata files of the MovieLens releases: movies.csv, tags.csv, links.csv, u.item/u.genre, movies.dat.
import type { ItemMeta } from '../types.ts';
import type { InteractionBuilder } from './builder.ts';
import type { ReadContext } from './context.ts';
import { parseId, parseOptionalNumber } from './fields.ts';
import { readTable, resolveColumns } from './table.ts';
import { splitGenres, yearFromDate, yearFromTitle } from './text.ts';

/** The 19 ml-100k genres in `u.item` flag order (used when `u.genre` is absent). */
export const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

/** Metadata from a title with its year in parentheses and a genre list. */
export function titleMeta(title: string, genres: string[]): ItemMeta {
  const m: ItemMeta = { title, genres };
  const y = yearFromTitle(title);
  if (y !== undefined) m.year = y;
  return m;
}

/** Reads one MovieLens metadata file into `meta` (by raw movie id). */
export async function readMoviesCsv(
  file: string,
  meta: Map<string, ItemMeta>,
  ctx: ReadContext,
): Promise<void> {
  let col = [0, 1, 2];
  await readTable(
    file,
    { delimiter: ',', quoted: true, header: true, encoding: 'utf8' },
    ctx,
    ({ fields, line }) => {
      if (fields.length < 3)
        return void ctx.reject(
          { file, line, field: 'genres' },
          'missing-field',
          `missing field (${fields.length} of 3 fields)`,
        );
      const id = parseId(ctx, fields[col[0]!]!, { file, line, field: 'movieId' }, true);
      if (id !== null) meta.set(id, titleMeta(fields[col[1]!]!.trim(), splitGenres(fields[col[2]!]!, '|')));
    },
    (h) =>
      (col = resolveColumns(file, h, [
        { name: 'movieId', required: true },
        { name: 'title', required: true },
        { name: 'genres', required: true },
      ])),
  );
}

/** Reads one MovieLens metadata file into `meta` (by raw movie id). */
export async function readTags(
  file: string,
  meta: Map<string, ItemMeta>,
  builder: InteractionBuilder,
  ctx: ReadContext,
): Promise<void> {
  let col = [1, 2];
  await readTable(
    file,
    { delimiter: ',', quoted: true, header: true, encoding: 'utf8' },
    ctx,
    ({ fields, line }) => {
      if (fields.length <= Math.max(...col))
        return void ctx.reject({ file, line, field: 'tag' }, 'missing-field', 'missing field');
      const id = fields[col[0]!]!.trim();
      const tag = fields[col[1]!]!.trim();
      // Tags of movies nobody rated are dropped with them.
      if (!builder.items.has(id) || tag.length === 0) return;
      const m = meta.get(id) ?? {};
      meta.set(id, m);
      const tags = (m.tags ??= []);
      if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
    },
    (h) =>
      (col = resolveColumns(file, h, [
        { name: 'movieId', required: true },
        { name: 'tag', required: true },
      ])),
  );
}

/** Reads one MovieLens metadata file into `meta` (by raw movie id). */
export async function readLinks(file: string, meta: Map<string, ItemMeta>, ctx: ReadContext): Promise<void> {
  await readTable(
    file,
    { delimiter: ',', quoted: true, header: true, encoding: 'utf8' },
    ctx,
    ({ fields, line }) => {
      const m = meta.get((fields[0] ?? '').trim());
      if (m)
        m.numeric = {
          ...m.numeric,
          imdbId: parseOptionalNumber(fields[1], ctx, { file, line, field: 'imdbId' }),
          tmdbId: parseOptionalNumber(fields[2], ctx, { file, line, field: 'tmdbId' }),
        };
    },
  );
}

/** Reads the ml-100k genre names from `u.genre` (the built-in list when absent). */
export async function readUGenre(file: string | undefined, ctx: ReadContext): Promise<string[]> {
  if (!file) return ML100K_GENRES;
  const names: string[] = [];
  await readTable(
    file,
    { delimiter: '|', quoted: false, header: false, encoding: 'latin1' },
    ctx,
    ({ fields }) => {
      const id = Number(fields[1]);
      if (fields[0] && Number.isInteger(id)) names[id] = fields[0];
    },
  );
  return names.length === 19 ? names : ML100K_GENRES;
}

/** Reads one MovieLens metadata file into `meta` (by raw movie id). */
export async function readUItem(
  file: string,
  genres: string[],
  meta: Map<string, ItemMeta>,
  ctx: ReadContext,
): Promise<void> {
  // u.item is latin-1: reading it as UTF-8 would garble 9 titles.
  await readTable(
    file,
    { delimiter: '|', quoted: false, header: false, encoding: 'latin1' },
    ctx,
    ({ fields, line }) => {
      if (fields.length < 5 + 19)
        return void ctx.reject(
          { file, line, field: fields.length < 2 ? 'title' : 'genre flags' },
          'missing-field',
          `missing field (${fields.length} of 24 fields)`,
        );
      const id = parseId(ctx, fields[0]!, { file, line, field: 'movie_id' }, true);
      if (id === null) return;
      const g = genres.filter((_, k) => fields[5 + k]!.trim() === '1');
      const m = titleMeta(fields[1]!.trim(), g);
      if (m.year === undefined) {
        const y = yearFromDate(fields[2]!);
        if (y !== undefined) m.year = y;
      }
      meta.set(id, m);
    },
  );
}

/** Reads one MovieLens metadata file into `meta` (by raw movie id). */
export async function readMoviesDat(
  file: string,
  meta: Map<string, ItemMeta>,
  ctx: ReadContext,
): Promise<void> {
  await readTable(
    file,
    { delimiter: '::', quoted: false, header: false, encoding: 'latin1' },
    ctx,
    ({ fields, line }) => {
      if (fields.length < 3)
        return void ctx.reject(
          { file, line, field: 'Genres' },
          'missing-field',
          `missing field (${fields.length} of 3 fields)`,
        );
      const id = parseId(ctx, fields[0]!, { file, line, field: 'MovieID' }, true);
      if (id !== null) meta.set(id, titleMeta(fields[1]!.trim(), splitGenres(fields[2]!, '|')));
    },
  );
}
