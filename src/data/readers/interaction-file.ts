import { InputError } from '../../util/errors.ts';
import type { ReadContext } from './context.ts';
import type { InteractionBuilder } from './builder.ts';
import { checkRange, parseId, parseRating, parseTimestamp } from './fields.ts';
import { readTable, resolveColumns, type ColumnSpec, type TableFormat } from './table.ts';

/** A column: found by header name (with aliases) or, in headerless files, by 0-based position. */
export interface ColumnRef {
  /** Name used in error messages and looked up in the header. */
  name: string;
  aliases?: string[];
  /** Position in headerless files. */
  index?: number;
}

/** How to read one interaction file. */
export interface InteractionFileSpec extends TableFormat {
  file: string;
  user: ColumnRef;
  item: ColumnRef;
  rating?: ColumnRef;
  timestamp?: ColumnRef;
  /** Ids must be integers (≤ 15 digits). */
  numericIds: boolean;
  /** Accepted rating range (inclusive); null accepts any number. */
  ratingRange: readonly [number, number] | null;
  /** Special rating values handled before the range check: return a rating to keep, or null to drop the row. */
  special?: (rating: number) => number | null | undefined;
  /** Rating for files without a rating column (implicit data). */
  implicitRating?: number;
}

/** Streams one interaction file into `builder`, validating every row (errors or counted skips via `ctx`). */
export async function readInteractionFile(
  spec: InteractionFileSpec,
  builder: InteractionBuilder,
  ctx: ReadContext,
): Promise<void> {
  const file = spec.file;
  const refs: Array<ColumnRef | undefined> = [spec.user, spec.item, spec.rating, spec.timestamp];
  let idx = refs.map((r) => (r ? (r.index ?? -1) : -1));
  builder.beginFile(file, spec.user.name, spec.item.name);
  const onHeader = (header: string[]): void => {
    const specs: ColumnSpec[] = refs.map((r) => ({
      name: r?.name ?? '',
      aliases: r?.aliases,
      required: r !== undefined,
    }));
    idx = resolveColumns(file, header, specs);
    needed = Math.max(...idx) + 1;
  };
  const names = refs.map((r) => r?.name ?? '');
  let needed = Math.max(...idx) + 1;
  const { rows } = await readTable(
    file,
    { ...spec, firstField: spec.header ? 'header' : spec.user.name },
    ctx,
    ({ fields, line, terminated }) => {
      if (fields.length < needed) {
        const missing = idx.findIndex((k) => k >= fields.length);
        const field = names[missing];
        if (!terminated)
          ctx.reject(
            { file, line, field },
            'truncated',
            `last line is incomplete (${fields.length} of ${needed} fields; file truncated?)`,
          );
        else
          ctx.reject(
            { file, line, field },
            'missing-field',
            `missing field (${fields.length} of ${needed} fields)`,
          );
        return;
      }
      const u = parseId(ctx, fields[idx[0]!]!, { file, line, field: names[0] }, spec.numericIds);
      if (u === null) return;
      const i = parseId(ctx, fields[idx[1]!]!, { file, line, field: names[1] }, spec.numericIds);
      if (i === null) return;
      let r = spec.implicitRating ?? 1;
      if (idx[2]! >= 0) {
        const loc = { file, line, field: names[2] };
        const raw = parseRating(ctx, fields[idx[2]!]!, loc, null);
        if (raw === null) return;
        const sp = spec.special?.(raw);
        if (sp === null) return;
        if (sp !== undefined) r = sp;
        else if (checkRange(ctx, raw, loc, spec.ratingRange)) r = raw;
        else return;
      }
      let t = 0;
      if (idx[3]! >= 0) {
        const ts = parseTimestamp(ctx, fields[idx[3]!]!, { file, line, field: names[3] });
        if (ts === null) return;
        t = ts;
      }
      builder.push(u, i, r, t, line);
    },
    onHeader,
  );
  if (rows === 0)
    throw new InputError({ file, line: spec.header ? 2 : 1, field: spec.user.name }, 'no data rows');
}
