import type { ItemMeta } from '../../data/types.ts';

/** An inclusive numeric range; a missing side is open. */
export interface NumericRange {
  min?: number;
  max?: number;
}

/**
 * Business rules applied to a ranking before its top-K is cut: which items may appear, and how much the list is
 * diversified. Every field is optional; an empty object changes nothing.
 */
export interface ItemRules {
  /** Only these raw item ids may be recommended. */
  include?: readonly string[];
  /** These raw item ids are never recommended. */
  exclude?: readonly string[];
  /** Items must have at least one of these genres (case-insensitive). */
  genres?: readonly string[];
  /** Items with any of these genres are left out (case-insensitive). */
  excludeGenres?: readonly string[];
  /** Numeric ranges by field: `year`, or a numeric feature of the item (`episodes`, `rating`, …). */
  ranges?: Readonly<Record<string, NumericRange>>;
  /** MMR re-ranking: λ in [0, 1], 1 = relevance only, 0 = diversity only; absent = no re-ranking. */
  diversity?: number;
}

/** An item as the rules see it: its raw id and metadata. */
export interface RuleItem {
  id: string;
  meta: ItemMeta;
}

/** Whether any rule would change a ranking (so callers keep their cached, rule-free path otherwise). */
export function hasRules(r: ItemRules | undefined): r is ItemRules {
  if (!r) return false;
  return (
    r.include !== undefined ||
    (r.exclude?.length ?? 0) > 0 ||
    (r.genres?.length ?? 0) > 0 ||
    (r.excludeGenres?.length ?? 0) > 0 ||
    Object.keys(r.ranges ?? {}).length > 0 ||
    r.diversity !== undefined
  );
}

/** The value of a range field of an item (`year`, else a numeric feature), or undefined when it has none. */
function field(meta: ItemMeta, name: string): number | undefined {
  if (name === 'year') return meta.year;
  const v = meta.numeric?.[name];
  return typeof v === 'number' ? v : undefined;
}

/**
 * A predicate over items for the filtering rules (include, exclude, genres, ranges). An item without the field a
 * range names fails it: "year 1990..1999" means "known to be from the nineties".
 */
export function itemFilter(rules: ItemRules): (item: RuleItem) => boolean {
  const include = rules.include ? new Set(rules.include) : undefined;
  const exclude = new Set(rules.exclude ?? []);
  const genres = rules.genres?.length ? new Set(rules.genres.map((g) => g.toLowerCase())) : undefined;
  const noGenres = new Set((rules.excludeGenres ?? []).map((g) => g.toLowerCase()));
  const ranges = Object.entries(rules.ranges ?? {});
  return ({ id, meta }) => {
    if (include && !include.has(id)) return false;
    if (exclude.has(id)) return false;
    const gs = (meta.genres ?? []).map((g) => g.toLowerCase());
    if (genres && !gs.some((g) => genres.has(g))) return false;
    if (gs.some((g) => noGenres.has(g))) return false;
    for (const [name, r] of ranges) {
      const v = field(meta, name);
      if (v === undefined) return false;
      if (r.min !== undefined && v < r.min) return false;
      if (r.max !== undefined && v > r.max) return false;
    }
    return true;
  };
}
