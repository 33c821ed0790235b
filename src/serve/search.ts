import * as fuzz from 'fuzzball';
import type { Catalog } from './catalog.ts';
import { TrigramIndex } from './trigram-index.ts';
import type { SearchHit } from './schemas/types.ts';

/** Candidates re-scored with the full WRatio. */
const WRATIO_POOL = 20;
/** Longest normalised query scored with WRatio (longer ones keep the linear scores). */
const WRATIO_MAX_QUERY = 60;
/** Candidates scored for a query longer than `WRATIO_MAX_QUERY`. */
const LONG_QUERY_POOL = 25;

const ARTICLES = /^(the|a|an|les|la|le|el|il|der|die|das)\s+/;

/** Decodes the HTML entities some sources keep in titles (the anime data has `&#039;`). */
export function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (m, d: string) => codePoint(Number(d), m))
    .replace(/&#x([0-9a-f]+);/gi, (m, h: string) => codePoint(parseInt(h, 16), m))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The character of a numeric entity, or the entity as written when it names no Unicode code point. */
function codePoint(n: number, entity: string): string {
  // `String.fromCodePoint` throws past U+10FFFF: a query like `&#99999999;` must not become a 500.
  return Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : entity;
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
 * Fuzzy title search ranked like Python's fuzzywuzzy: a trigram index picks the candidates sharing the most
 * character trigrams with the query (so a query costs the same on 10⁵ titles as on 10⁴), then each is scored by `WRatio` averaged with a `ratio` on the article-free title, whole
 * or as a prefix (WRatio alone ranks "Toy, The" above "Toy Story" for "toy stroy"); ties go to popular items.
 */
export class TitleSearch {
  private readonly keys: string[] = [];
  private readonly cores: string[] = [];
  private readonly index = new TrigramIndex();
  private built = false;

  /**
   * Indexes the catalog's titles on the first search (or `build`), not here: indexing ten thousand titles takes
   * about 0.2 s, which a server would otherwise spend before answering its first request.
   */
  constructor(private readonly catalog: Catalog) {}

  /** Indexes every catalog title not indexed yet (the first search does this itself). */
  build(): void {
    this.built = true;
    for (let i = this.keys.length; i < this.catalog.ids.length; i++)
      this.index1(this.catalog.title(this.catalog.ids[i]!));
  }

  /** Indexes the title of the item just appended to the catalog (its position is the next one). */
  add(title: string): void {
    // Before the first build the catalog itself is what gets indexed, this item included.
    if (this.built) this.index1(title);
  }

  private index1(title: string): void {
    this.keys.push(normaliseTitle(title));
    const c = core(title);
    this.cores.push(c);
    this.index.add(c);
  }

  /** Top `limit` items for a free-text query. */
  search(query: string, limit: number): SearchHit[] {
    if (!this.built) this.build();
    const q = normaliseTitle(query);
    if (q.length === 0) return [];
    const qc = core(query) || q;
    // A long query shares many trigrams with its true matches, so fewer candidates suffice; its linear ratios cost
    // in proportion to its length, which keeps a 200-character query within the latency of a short one.
    const pool =
      q.length > WRATIO_MAX_QUERY ? Math.max(LONG_QUERY_POOL, limit * 2) : Math.max(100, limit * 5);
    const candidates = this.index.candidates(qc, pool);
    const opts = { full_process: false };
    const order = (a: { idx: number; score: number }, b: { idx: number; score: number }): number =>
      b.score - a.score || this.catalog.counts[b.idx]! - this.catalog.counts[a.idx]! || a.idx - b.idx;
    // Two passes: cheap linear ratios over every candidate, then WRatio (whose partial ratios cost ~100× more,
    // and grow with the square of the query's length) only on the best few of short queries.
    const scored = candidates.map((idx) => {
      const c = this.cores[idx]!;
      const w = Math.max(fuzz.ratio(q, this.keys[idx]!, opts), 0.95 * fuzz.token_set_ratio(qc, c, opts));
      return { idx, score: Math.round((w + closeness(qc, c)) / 2) };
    });
    scored.sort(order);
    const top = scored.slice(0, Math.max(WRATIO_POOL, limit));
    if (q.length <= WRATIO_MAX_QUERY) {
      for (const s of top) {
        const w = fuzz.WRatio(q, this.keys[s.idx]!, opts);
        s.score = Math.round((w + closeness(qc, this.cores[s.idx]!)) / 2);
      }
      top.sort(order);
    }
    return top.slice(0, limit).map(({ idx, score }) => {
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
