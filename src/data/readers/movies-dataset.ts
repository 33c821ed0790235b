import type { Dataset, ItemMeta, ReadOptions } from '../types.ts';
import { assembleDataset } from './assemble.ts';
import { InteractionBuilder } from './builder.ts';
import { ReadContext } from './context.ts';
import { parseOptionalNumber } from './fields.ts';
import { datasetName, optionalFile } from './files.ts';
import { readInteractionFile } from './interaction-file.ts';
import { readTable, resolveColumns } from './table.ts';
import { namesFromLiteralList, yearFromDate } from './text.ts';

const NUMERIC = ['budget', 'revenue', 'runtime', 'popularity', 'vote_average', 'vote_count'];

/**
 * Reads The Movies Dataset folder: `ratings_small.csv` (or `ratings.csv`), `links_small.csv` (or
 * `links.csv`: movieId → imdbId/tmdbId) and, when present, `movies_metadata.csv` joined on tmdbId
 * (title, JSON-like genre list, year of release_date, budget/revenue/runtime/popularity/votes).
 * Metadata rows without a numeric id (the file has a few broken ones) are skipped as `metadata-bad-row`.
 */
export async function readMoviesDataset(
  dir: string,
  opts: ReadOptions = {},
): Promise<{ dataset: Dataset; ctx: ReadContext }> {
  const ctx = new ReadContext(opts.lenient ?? false, opts.progress, opts.maxLineBytes);
  const ratings =
    optionalFile(dir, 'ratings_small.csv') ?? optionalFile(dir, 'ratings.csv') ?? `${dir}/ratings_small.csv`;
  const builder = new InteractionBuilder(true);
  await readInteractionFile(
    {
      file: ratings,
      delimiter: ',',
      quoted: true,
      header: true,
      encoding: 'utf8',
      numericIds: true,
      ratingRange: [0.5, 5],
      user: { name: 'userId' },
      item: { name: 'movieId' },
      rating: { name: 'rating' },
      timestamp: { name: 'timestamp' },
    },
    builder,
    ctx,
  );
  const meta = new Map<string, ItemMeta>();
  const byTmdb = new Map<number, ItemMeta>();
  const links = optionalFile(dir, 'links_small.csv') ?? optionalFile(dir, 'links.csv');
  if (links) {
    let col = [0, 1, 2];
    await readTable(
      links,
      { delimiter: ',', quoted: true, header: true, encoding: 'utf8' },
      ctx,
      ({ fields, line }) => {
        const id = (fields[col[0]!] ?? '').trim();
        if (!builder.items.has(id)) return;
        const m: ItemMeta = {
          numeric: {
            imdbId: parseOptionalNumber(fields[col[1]!], ctx, { file: links, line, field: 'imdbId' }),
            tmdbId: parseOptionalNumber(fields[col[2]!], ctx, { file: links, line, field: 'tmdbId' }),
          },
        };
        meta.set(id, m);
        const tmdb = m.numeric!.tmdbId;
        if (tmdb !== null && tmdb !== undefined) byTmdb.set(tmdb, m);
      },
      (h) =>
        (col = resolveColumns(
          links,
          h,
          ['movieId', 'imdbId', 'tmdbId'].map((name) => ({ name, required: true })),
        )),
    );
  }
  const metadata = optionalFile(dir, 'movies_metadata.csv');
  if (metadata) await readMetadata(metadata, byTmdb, ctx);
  return {
    dataset: assembleDataset({
      name: datasetName(dir),
      format: 'movies-dataset',
      builder,
      ctx,
      meta,
      ratingRange: [0.5, 5],
    }),
    ctx,
  };
}

async function readMetadata(file: string, byTmdb: Map<number, ItemMeta>, ctx: ReadContext): Promise<void> {
  const names = ['id', 'title', 'genres', 'release_date', ...NUMERIC];
  let col = names.map(() => -1);
  await readTable(
    file,
    { delimiter: ',', quoted: true, header: true, encoding: 'utf8' },
    ctx,
    ({ fields, line }) => {
      const id = parseOptionalNumber(fields[col[0]!]);
      if (id === null || fields.length < Math.max(...col) + 1) return void ctx.count('metadata-bad-row');
      const m = byTmdb.get(id);
      if (!m) return;
      const get = (k: number): string => (col[k]! >= 0 ? (fields[col[k]!] ?? '').trim() : '');
      if (get(1)) m.title = get(1);
      m.genres = namesFromLiteralList(get(2));
      const y = yearFromDate(get(3));
      if (y !== undefined) m.year = y;
      for (let k = 0; k < NUMERIC.length; k++)
        m.numeric = {
          ...m.numeric,
          [NUMERIC[k]!]: parseOptionalNumber(get(4 + k), ctx, { file, line, field: NUMERIC[k] }),
        };
    },
    (h) =>
      (col = resolveColumns(
        file,
        h,
        names.map((name, k) => ({ name, required: k < 2 })),
      )),
  );
}
