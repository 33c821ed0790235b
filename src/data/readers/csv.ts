import { GnnrecError } from '../../util/errors.ts';
import type { Dataset, ReadOptions } from '../types.ts';
import { assembleDataset } from './assemble.ts';
import { InteractionBuilder } from './builder.ts';
import { ReadContext } from './context.ts';
import { datasetName } from './files.ts';
import { readInteractionFile, type ColumnRef } from './interaction-file.ts';
import type { TextEncoding } from './lines.ts';
import { peekHeader } from './peek.ts';

/** Column mapping of a generic interaction file: header names, or 0-based positions when there is no header. */
export interface CsvMapping {
  user: string | number;
  item: string | number;
  /** Rating column; without one the data is implicit (rating 1). */
  rating?: string | number;
  /** Unix-seconds timestamp column. */
  timestamp?: string | number;
  /** Field delimiter, default `,` (`\t` for `.tsv` files); multi-character delimiters disable quoting. */
  delimiter?: string;
  /** Whether the first line is a header (default true). */
  header?: boolean;
  /** Accepted rating range; default: the observed minimum and maximum (no check). */
  ratingRange?: [number, number];
  /** Require integer ids (≤ 15 digits); default false (any string up to 256 characters). */
  numericIds?: boolean;
  /** Default `utf8`. */
  encoding?: TextEncoding;
}

/** Mapping used when none is given: common header spellings, rating and timestamp when present. */
export const DEFAULT_CSV_MAPPING: CsvMapping = {
  user: 'user',
  item: 'item',
  rating: 'rating',
  timestamp: 'timestamp',
};

const ALIASES: Record<string, string[]> = {
  user: ['userId', 'user_id', 'uid', 'userid'],
  item: ['itemId', 'item_id', 'iid', 'movieId', 'movie_id', 'anime_id', 'product_id'],
  rating: ['score', 'stars'],
  timestamp: ['ts', 'time', 'unixReviewTime'],
};

/** Reads one delimited interaction file with a column mapping (optional columns are ignored when absent in the default mapping). */
export async function readCsv(
  file: string,
  mapping: CsvMapping | undefined,
  opts: ReadOptions = {},
): Promise<{ dataset: Dataset; ctx: ReadContext }> {
  const ctx = new ReadContext(opts.lenient ?? false, opts.progress, opts.maxLineBytes);
  const m = mapping ?? DEFAULT_CSV_MAPPING;
  const header = m.header ?? true;
  const delimiter = m.delimiter ?? (/\.tsv$/i.test(file) ? '\t' : ',');
  const ref = (v: string | number | undefined, role: string): ColumnRef | undefined => {
    if (v === undefined) return undefined;
    if (typeof v === 'number' || (!header && /^\d+$/.test(v))) {
      if (header)
        throw new GnnrecError(`csv mapping: ${role} must be a column name when the file has a header`);
      return { name: `column ${Number(v) + 1}`, index: Number(v) };
    }
    if (!header)
      throw new GnnrecError(`csv mapping: ${role} must be a 0-based column number when there is no header`);
    return { name: v, aliases: mapping ? [] : ALIASES[role] };
  };
  let rating = ref(m.rating, 'rating');
  let timestamp = ref(m.timestamp, 'timestamp');
  if (!mapping) {
    // The default mapping only uses rating/timestamp columns the header actually has.
    const cols = (await peekHeader(file, delimiter)).map((c) => c.toLowerCase());
    const has = (r: ColumnRef | undefined): boolean =>
      !!r && [r.name, ...(r.aliases ?? [])].some((n) => cols.includes(n.toLowerCase()));
    if (!has(rating)) rating = undefined;
    if (!has(timestamp)) timestamp = undefined;
  }
  const builder = new InteractionBuilder(timestamp !== undefined);
  await readInteractionFile(
    {
      file,
      delimiter,
      quoted: delimiter.length === 1,
      header,
      encoding: m.encoding ?? 'utf8',
      numericIds: m.numericIds ?? false,
      ratingRange: m.ratingRange ?? null,
      user: ref(m.user, 'user')!,
      item: ref(m.item, 'item')!,
      rating,
      timestamp,
    },
    builder,
    ctx,
  );
  const dataset = assembleDataset({
    name: datasetName(file),
    format: 'csv',
    builder,
    ctx,
    meta: new Map(),
    ratingRange: null,
  });
  if (rating) dataset.ratingRange = m.ratingRange ?? observedRange(dataset.interactions.rating);
  return { dataset, ctx };
}

function observedRange(r: Float32Array): [number, number] | null {
  if (r.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of r) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}
