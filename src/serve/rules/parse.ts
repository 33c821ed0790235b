import { UsageError } from '../../util/errors.ts';
import type { ItemRules, NumericRange } from './rules.ts';

/**
 * Business rules as text, the one spelling shared by query strings (`?genres=Comedy,Drama&year=1990..1999`) and
 * CLI flags (`--genres Comedy,Drama --year 1990..1999`): lists are comma-separated, ranges `min..max` with either
 * side optional, other numeric fields `name:min..max`.
 */
export interface RuleText {
  include?: string | undefined;
  exclude?: string | undefined;
  genres?: string | undefined;
  excludeGenres?: string | undefined;
  year?: string | undefined;
  range?: string | readonly string[] | undefined;
  diversity?: string | number | undefined;
}

/** A rule that does not parse: a usage error on the command line, a 400 over HTTP (fastify reads `statusCode`). */
export class RuleError extends UsageError {
  override name = 'RuleError';
  /** HTTP status of the error when a request carried the rule. */
  readonly statusCode = 400;
}

/** The query-string properties of the rules (JSON schema), for routes that accept them. */
export const ruleQuerySchema = {
  include: { type: 'string', maxLength: 20_000 },
  exclude: { type: 'string', maxLength: 20_000 },
  genres: { type: 'string', maxLength: 1000 },
  excludeGenres: { type: 'string', maxLength: 1000 },
  year: { type: 'string', maxLength: 40 },
  range: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 16 },
  diversity: { type: 'number', minimum: 0, maximum: 1 },
} as const;

/** Whether any rule field is present (a cheap test before `parseRules` on a hot path). */
export function hasRuleText(t: RuleText): boolean {
  return (
    t.include !== undefined ||
    t.exclude !== undefined ||
    t.genres !== undefined ||
    t.excludeGenres !== undefined ||
    t.year !== undefined ||
    t.range !== undefined ||
    t.diversity !== undefined
  );
}

/** Rules from their text form; `spell(name)` names a field as the caller's user typed it (`--exclude-genres`). */
export function parseRules(t: RuleText, spell: (field: string) => string = (f) => f): ItemRules {
  const out: ItemRules = {};
  const include = list(t.include);
  if (include) out.include = include;
  const exclude = list(t.exclude);
  if (exclude) out.exclude = exclude;
  const genres = list(t.genres);
  if (genres) out.genres = genres;
  const excludeGenres = list(t.excludeGenres);
  if (excludeGenres) out.excludeGenres = excludeGenres;
  const ranges: Record<string, NumericRange> = {};
  if (t.year !== undefined) ranges['year'] = range(t.year, spell('year'));
  const more = t.range === undefined ? [] : typeof t.range === 'string' ? [t.range] : t.range;
  for (const r of more) {
    const colon = r.indexOf(':');
    if (colon <= 0) throw new RuleError(`${spell('range')}: expected name:min..max, got '${r}'`);
    ranges[r.slice(0, colon).trim()] = range(r.slice(colon + 1), `${spell('range')} ${r.slice(0, colon)}`);
  }
  if (Object.keys(ranges).length > 0) out.ranges = ranges;
  if (t.diversity !== undefined) {
    const d = typeof t.diversity === 'number' ? t.diversity : Number(t.diversity.trim() || NaN);
    if (!(d >= 0 && d <= 1))
      throw new RuleError(`${spell('diversity')}: λ must be a number in 0..1, got '${t.diversity}'`);
    out.diversity = d;
  }
  return out;
}

/** A comma-separated list without empty entries; undefined when absent. */
function list(s: string | undefined): string[] | undefined {
  if (s === undefined) return undefined;
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** `min..max`, `min..`, `..max` or a single number (both ends). */
function range(s: string, field: string): NumericRange {
  const text = s.trim();
  const dots = text.indexOf('..');
  const [lo, hi] = dots < 0 ? [text, text] : [text.slice(0, dots), text.slice(dots + 2)];
  const num = (v: string): number | undefined => {
    if (v.trim() === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new RuleError(`${field}: '${v}' is not a number (expected min..max)`);
    return n;
  };
  const out: NumericRange = {};
  const min = num(lo);
  const max = num(hi);
  if (min === undefined && max === undefined) throw new RuleError(`${field}: expected min..max, got '${s}'`);
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  if (min !== undefined && max !== undefined && min > max)
    throw new RuleError(`${field}: min ${min} is above max ${max}`);
  return out;
}
