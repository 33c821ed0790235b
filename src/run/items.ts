import { extract, ratio, token_set_ratio, WRatio } from 'fuzzball';
import { GnnrecError } from '../util/errors.ts';
import type { Run } from './open.ts';

/** How an item query was resolved to a dense item index. */
export interface ItemMatch {
  index: number;
  how: 'id' | 'title' | 'fuzzy';
  /** WRatio score (0–100) of a fuzzy title match. */
  score?: number;
}

/** Fuzzy matches below this WRatio score are rejected rather than guessed. */
const MIN_FUZZY_SCORE = 60;

/**
 * Resolves an item query: exact raw id, then exact title (case-insensitive), then fuzzy title match
 * (fuzzball `extract` with `WRatio`). WRatio ties a lot — any one shared word scores 86 against a long
 * title — so the best-scoring titles are re-ranked by `token_set_ratio`, then plain `ratio` (closest in full).
 */
export function resolveItem(
  query: string,
  ids: readonly string[],
  titles: ReadonlyArray<string | null> | null,
): ItemMatch {
  const byId = ids.indexOf(query);
  if (byId >= 0) return { index: byId, how: 'id' };
  if (!titles)
    throw new GnnrecError(`no item with id '${query}' (this model has no titles to match against)`);
  const lower = query.toLowerCase();
  const exact = titles.findIndex((t) => t !== null && t.toLowerCase() === lower);
  if (exact >= 0) return { index: exact, how: 'title' };
  const choices: string[] = [];
  const index: number[] = [];
  titles.forEach((t, i) => {
    if (t) {
      choices.push(t);
      index.push(i);
    }
  });
  // A wrapper, not WRatio itself: extract hands its shared, mutated options object to the built-in
  // scorers, which inflates scores on large choice lists (fuzzball 2.2); a custom scorer gets clean calls.
  const scorer = (q: string, c: string): number => WRatio(q, c);
  const found = extract(query, choices, { scorer, cutoff: 0 }) as Array<[string, number, number]>;
  if (found.length === 0 || found[0][1] < MIN_FUZZY_SCORE) {
    const near = found
      .slice(0, 3)
      .map((f) => `'${f[0]}'`)
      .join(', ');
    throw new GnnrecError(`no item id or title matches '${query}'${near ? ` (closest: ${near})` : ''}`);
  }
  const best = found.filter((f) => f[1] === found[0][1]);
  const key = (f: [string, number, number]): [number, number] => [
    token_set_ratio(query, f[0]),
    ratio(query, f[0]),
  ];
  const keyed = best.map((f) => ({ f, k: key(f) }));
  keyed.sort((a, b) => b.k[0] - a.k[0] || b.k[1] - a.k[1] || a.f[2] - b.f[2]);
  return { index: index[keyed[0].f[2]], how: 'fuzzy', score: keyed[0].f[1] };
}

/** Resolves a raw item id or (fuzzy) title against an opened run's items. */
export async function findItem(run: Run, query: string): Promise<ItemMatch> {
  const ids = run.manifest.ids.items;
  if (ids.includes(query)) return { index: ids.indexOf(query), how: 'id' };
  return resolveItem(query, ids, await run.titles());
}

/** The dense index of a raw user id, or an error naming the model folder. */
export function findUser(run: Run, user: string): number {
  const u = run.users.get(user);
  if (u === undefined)
    throw new GnnrecError(`${run.dir}/manifest.json: unknown user '${user}' (${run.users.size} users)`);
  return u;
}

/** An item as callers print it: raw id and title (null when unknown). */
export interface ItemRef {
  id: string;
  title: string | null;
}

/** The raw id and title of dense item `i`. */
export function itemRef(run: Run, titles: ReadonlyArray<string | null> | null, i: number): ItemRef {
  return { id: run.items.raw(i), title: titles?.[i] ?? null };
}
