import type { InputLocation } from '../../util/errors.ts';
import type { ReadContext } from './context.ts';

/** Longest numeric id accepted: 15 digits stays below 2^53, so ids survive any numeric round trip. */
export const MAX_NUMERIC_ID_DIGITS = 15;
/** Longest free-form id accepted (generic CSV); longer values are almost always a wrong column. */
export const MAX_ID_LENGTH = 256;

// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const CONTROL = /[\x00-\x1f\x7f]/g;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Largest magnitude a rating may have: ratings are stored as float32, so anything larger would become Infinity. */
export const MAX_RATING_MAGNITUDE = 3.4028234663852886e38;
/** Largest magnitude of a timestamp (seconds): 2^53, so it stays an exact integer and fits the store's bigint. */
export const MAX_TIMESTAMP_MAGNITUDE = 2 ** 53;

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
  } else if (t.search(CONTROL) >= 0) {
    // A line break inside an id is almost always a quote that swallowed the next lines.
    return ctx.reject(
      loc,
      'bad-id',
      `id '${clip(t.replace(CONTROL, ' '))}' contains a control character (line break, tab or NUL)`,
    );
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
  // `1e400` is a well-formed number that overflows to Infinity; float32 storage overflows sooner.
  if (!Number.isFinite(r) || Math.abs(r) > MAX_RATING_MAGNITUDE)
    return ctx.reject(loc, 'bad-rating', `rating '${clip(t)}' is not a finite number (float32 range)`);
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

/** Parses a Unix timestamp in seconds (a finite number within ±2^53). Returns null when rejected. */
export function parseTimestamp(ctx: ReadContext, text: string, loc: InputLocation): number | null {
  const t = text.trim();
  if (!NUMBER.test(t))
    return ctx.reject(
      loc,
      t.length === 0 ? 'missing-field' : 'bad-timestamp',
      t.length === 0 ? 'empty timestamp' : `timestamp '${clip(t)}' is not a number`,
    );
  const v = Number(t);
  if (!Number.isFinite(v) || Math.abs(v) > MAX_TIMESTAMP_MAGNITUDE)
    return ctx.reject(loc, 'bad-timestamp', `timestamp '${clip(t)}' is out of range (at most 2^53 seconds)`);
  return v;
}

/**
 * Parses an optional numeric metadata value: empty or non-numeric text (e.g. "Unknown") gives null.
 * A number too large to be finite (`1e400`) is bad input: rejected through `ctx` at `loc` when given
 * (lenient: counted as `bad-number`, the value left unknown), else treated as unknown.
 */
export function parseOptionalNumber(
  text: string | undefined,
  ctx?: ReadContext,
  loc?: InputLocation,
): number | null {
  const t = (text ?? '').trim();
  if (!NUMBER.test(t)) return null;
  const v = Number(t);
  if (Number.isFinite(v)) return v;
  if (ctx && loc) ctx.reject(loc, 'bad-number', `value '${clip(t)}' is not a finite number`);
  return null;
}

/** Shortens a value for an error message. */
export function clip(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}
