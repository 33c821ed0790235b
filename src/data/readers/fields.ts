import type { InputLocation } from '../../util/errors.ts';
import type { ReadContext } from './context.ts';

/** Longest numeric id accepted: 15 digits stays below 2^53, so ids survive any numeric round trip. */
export const MAX_NUMERIC_ID_DIGITS = 15;
/** Longest free-form id accepted (generic CSV); longer values are almost always a wrong column. */
export const MAX_ID_LENGTH = 256;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Validates a raw id. Numeric ids (MovieLens, anime, LightGCN) must be non-negative integers of at
 * most 15 digits; free-form ids must be non-empty and at most 256 characters. Returns null when rejected.
 */
export function parseId(ctx: ReadContext, text: string, loc: InputLocation, numeric: boolean): string | null {
  const t = text.trim();
  if (t.length === 0) return ctx.reject(loc, 'missing-field', 'empty id');
  if (numeric) {
    if (!/^\d+$/.test(t)) return ctx.reject(loc, 'bad-id', `id '${clip(t)}' is not a non-negative integer`);
    if (t.length > MAX_NUMERIC_ID_DIGITS) {
      return ctx.reject(
        loc,
        'bad-id',
        `id '${clip(t)}' is too large (${t.length} digits; at most ${MAX_NUMERIC_ID_DIGITS}, below 2^53)`,
      );
    }
  } else if (t.length > MAX_ID_LENGTH) {
    return ctx.reject(loc, 'bad-id', `id is too long (${t.length} characters; at most ${MAX_ID_LENGTH})`);
  }
  return t;
}

/** Parses a rating, checking it lies in `range` when one is given. Returns null when rejected. */
export function parseRating(
  ctx: ReadContext,
  text: string,
  loc: InputLocation,
  range: readonly [number, number] | null,
): number | null {
  const t = text.trim();
  if (!NUMBER.test(t))
    return ctx.reject(
      loc,
      t.length === 0 ? 'missing-field' : 'bad-rating',
      t.length === 0 ? 'empty rating' : `rating '${clip(t)}' is not a number`,
    );
  const r = Number(t);
  return checkRange(ctx, r, loc, range) ? r : null;
}

/** Whether rating `r` lies in `range` (inclusive; null accepts all); rejects it through `ctx` when not. */
export function checkRange(
  ctx: ReadContext,
  r: number,
  loc: InputLocation,
  range: readonly [number, number] | null,
): boolean {
  if (!range || (r >= range[0] && r <= range[1])) return true;
  ctx.reject(loc, 'out-of-range', `rating ${r} is outside the range ${range[0]}–${range[1]}`);
  return false;
}

/** Parses a Unix timestamp in seconds (a finite number). Returns null when rejected. */
export function parseTimestamp(ctx: ReadContext, text: string, loc: InputLocation): number | null {
  const t = text.trim();
  if (!NUMBER.test(t))
    return ctx.reject(
      loc,
      t.length === 0 ? 'missing-field' : 'bad-timestamp',
      t.length === 0 ? 'empty timestamp' : `timestamp '${clip(t)}' is not a number`,
    );
  return Number(t);
}

/** Parses an optional numeric metadata value: empty or non-numeric text (e.g. "Unknown") gives null. */
export function parseOptionalNumber(text: string | undefined): number | null {
  const t = (text ?? '').trim();
  return NUMBER.test(t) ? Number(t) : null;
}

/** Shortens a value for an error message. */
export function clip(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
