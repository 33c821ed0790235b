import type { Dataset, ItemMeta, ReadOptions } from '../types.ts';
import { assembleDataset } from './assemble.ts';
import { InteractionBuilder } from './builder.ts';
import { ReadContext } from './context.ts';
import { parseId, parseOptionalNumber } from './fields.ts';
import { datasetName, optionalFile } from './files.ts';
import { readInteractionFile } from './interaction-file.ts';
import { readTable, resolveColumns } from './table.ts';
import { decodeHtmlEntities, splitGenres } from './text.ts';

/** Options of the anime reader. */
export interface AnimeOptions extends ReadOptions {
  /**
   * What to do with rating −1 (watched, not rated) in `rating.csv`: `drop` (default; counted as
   * `unrated` in the report) or `keep` (the row stays with rating −1, so implicit models see it and
   * `positiveIndices(…, threshold ≥ 0)` leaves it out).
   */
  animeUnrated?: 'drop' | 'keep';
}

/**
 * Reads the anime database folder: `anime.csv` (HTML-unescaped names, comma-separated genres, type,
 * numeric episodes/rating/members with "Unknown" or empty → null) and `rating.csv` when present
 * (ratings 1–10). Without `rating.csv` the dataset is the catalogue: every anime, no interactions.
 */
export async function readAnime(
  dir: string,
  opts: AnimeOptions = {},
): Promise<{ dataset: Dataset; ctx: ReadContext }> {
  const ctx = new ReadContext(opts.lenient ?? false, opts.progress, opts.maxLineBytes);
  const meta = new Map<string, ItemMeta>();
  const catalogue = optionalFile(dir, 'anime.csv');
  if (catalogue) await readAnimeCsv(catalogue, meta, ctx);
  const ratings = optionalFile(dir, 'rating.csv');
  const builder = new InteractionBuilder(false);
  if (ratings) {
    const keep = (opts.animeUnrated ?? 'drop') === 'keep';
    await readInteractionFile(
      {
        file: ratings,
        delimiter: ',',
        quoted: true,
        header: true,
        encoding: 'utf8',
        numericIds: true,
        ratingRange: [1, 10],
        user: { name: 'user_id' },
        item: { name: 'anime_id' },
        rating: { name: 'rating' },
        special: (r) => {
          if (r !== -1) return undefined;
          if (keep) return -1;
          ctx.count('unrated');
          return null;
        },
      },
      builder,
      ctx,
    );
  }
  const dataset = assembleDataset({
    name: datasetName(dir),
    format: 'anime',
    builder,
    ctx,
    meta,
    ratingRange: [1, 10],
    keepCatalogue: !ratings,
  });
  return { dataset, ctx };
}

async function readAnimeCsv(file: string, meta: Map<string, ItemMeta>, ctx: ReadContext): Promise<void> {
  const names = ['anime_id', 'name', 'genre', 'type', 'episodes', 'rating', 'members'];
  let col = names.map((_, k) => k);
  await readTable(
    file,
    { delimiter: ',', quoted: true, header: true, encoding: 'utf8' },
    ctx,
    ({ fields, line, terminated }) => {
      const need = Math.max(...col) + 1;
      if (fields.length < need) {
        const field = names[col.findIndex((k) => k >= fields.length)];
        return void ctx.reject(
          { file, line, field },
          terminated ? 'missing-field' : 'truncated',
          `${terminated ? 'missing field' : 'last line is incomplete'} (${fields.length} of ${need} fields)`,
        );
      }
      const get = (k: number): string => fields[col[k]!]!.trim();
      const id = parseId(ctx, get(0), { file, line, field: 'anime_id' }, true);
      if (id === null) return;
      const m: ItemMeta = {
        title: decodeHtmlEntities(get(1)),
        genres: splitGenres(get(2), ','),
        numeric: {
          episodes: parseOptionalNumber(get(4), ctx, { file, line, field: 'episodes' }),
          rating: parseOptionalNumber(get(5), ctx, { file, line, field: 'rating' }),
          members: parseOptionalNumber(get(6), ctx, { file, line, field: 'members' }),
        },
      };
      if (get(3)) m.type = get(3);
      meta.set(id, m);
    },
    (h) =>
      (col = resolveColumns(
        file,
        h,
        names.map((name) => ({ name, required: true })),
      )),
  );
}
