import * as fuzz from 'fuzzball';
import type { Catalog } from './catalog.ts';
import type { SearchHit } from './schemas/types.ts';

const ARTICLES = /^(the|a|an|les|la|le|el|il|der|die|das)\s+/;

/** Decodes the HTML entities some sources keep in titles (the anime data has `&#039;`). */
export function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Normalises a title for matching: entities decoded, accents and a trailing "(1995)" removed,
 * MovieLens' "Matrix, The" turned back into "the matrix", lower case, punctuation as spaces.
 */
export function normaliseTitle(title: string): string {
  let s = decodeEntities(title)
    .trim()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  s = s.replace(/\s*\((\d{4})(–\d{4})?\)\s*$/, '');
  s = s.replace(/^(.*), (The|A|An|Les|La|Le|El|Il|Der|Die|Das)(\s*\(.*\))?$/i, '$2 $1$3');
  return fuzz.full_process(s.toLowerCase(), { force_ascii: false });
}

/**
 * The title without a leading article or alternate titles in parentheses, so "matrix" matches
 * "The Matrix" and "amelie" matches "Amelie (Fabuleux destin d'Amélie Poulain, Le)" exactly.
 */
function core(title: string): string {
  const s = decodeEntities(title).replace(/\s*\([^)]*\)/g, ' ');
  return normaliseTitle(s).replace(ARTICLES, '');
}

/** Closeness of query and title core, also as a prefix ("star wars" → "Star Wars: Episode IV"), slightly discounted. */
function closeness(q: string, c: string): number {
  const full = fuzz.ratio(q, c, { full_process: false });
  if (c.length <= q.length) return full;
  return Math.max(full, 0.95 * fuzz.ratio(q, c.slice(0, q.length), { full_process: false }));
}

/**
 * Fuzzy title search ranked like Python's fuzzywuzzy: a cheap token-set pass over every title picks
 * candidates, then each is scored by `WRatio` averaged with a `ratio` on the article-free title, whole
 * or as a prefix (WRatio alone ranks "Toy, The" above "Toy Story" for "toy stroy"); ties go to popular items.
 */
export class TitleSearch {
  private readonly keys: string[];
  private readonly cores: string[];

  /** Indexes every title of the catalog once. */
  constructor(private readonly catalog: Catalog) {
    this.keys = catalog.ids.map((id) => normaliseTitle(catalog.title(id)));
    this.cores = catalog.ids.map((id) => core(catalog.title(id)));
  }

  /** Top `limit` items for a free-text query. */
  search(query: string, limit: number): SearchHit[] {
    const q = normaliseTitle(query);
    if (q.length === 0) return [];
    const qc = core(query) || q;
    const opts = { full_process: false, limit: Math.max(100, limit * 5) };
    const candidates = fuzz.extract(qc, this.cores, { ...opts, scorer: fuzz.token_set_ratio });
    const scored = candidates.map(([, , idx]) => {
      const w = fuzz.WRatio(q, this.keys[idx]!, { full_process: false });
      const r = closeness(qc, this.cores[idx]!);
      return { idx, score: Math.round((w + r) / 2) };
    });
    scored.sort(
      (a, b) =>
        b.score - a.score || this.catalog.counts[b.idx]! - this.catalog.counts[a.idx]! || a.idx - b.idx,
    );
    return scored.slice(0, limit).map(({ idx, score }) => {
      const id = this.catalog.ids[idx]!;
      return {
        item: id,
        title: decodeEntities(this.catalog.title(id)),
        score,
        genres: this.catalog.meta[idx]!.genres ?? [],
        ratings: this.catalog.counts[idx]!,
      };
    });
  }
}
