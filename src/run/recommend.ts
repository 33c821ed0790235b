import type { ItemMeta } from '../data/types.ts';
import type { TopK } from '../models/recommender.ts';
import { candidatePool, excludedByRules, genreSimilarity, mmr } from '../serve/rules/rank.ts';
import { hasRules, type ItemRules, type RuleItem } from '../serve/rules/rules.ts';
import { GnnrecError } from '../util/errors.ts';
import { findUser, itemRef, type ItemRef } from './items.ts';
import type { Run } from './open.ts';
import { ratedItems } from './rated.ts';
import { scoreMeaning } from './score-meaning.ts';

/** One recommended item: 1-based rank, raw id, title and score. */
export interface Recommendation extends ItemRef {
  rank: number;
  score: number;
}

/** A user's top-K, with what the scores mean and how many known-rated items were left out. */
export interface UserRecommendations {
  user: string;
  k: number;
  /** What the scores are, e.g. "dot product of embeddings". */
  scoreMeaning: string;
  /** Items the user is known to have rated (all excluded from the list). */
  rated: number;
  items: Recommendation[];
}

/** Options of `recommendFor`. */
export interface RecommendForOptions {
  /**
   * `rated` (default): leave out every item the user is known to have rated in the data source, whichever split
   * trained the model; `training`: only the model's own training items.
   */
  exclude?: 'rated' | 'training';
  /** Business rules (include/exclude ids, genres, numeric ranges, MMR λ), applied before the top-K is cut. */
  rules?: ItemRules;
}

/** The top-`k` items for one user of an opened run (raw ids in and out, titles attached). */
export async function recommendFor(
  run: Run,
  user: string,
  k: number,
  opts: RecommendForOptions = {},
): Promise<UserRecommendations> {
  const u = findUser(run, user);
  const extra = opts.exclude === 'training' ? new Int32Array(0) : ratedItems(await run.rated(), u);
  const rules = hasRules(opts.rules) ? opts.rules : undefined;
  const ruleItems = rules ? await itemsForRules(run, rules) : [];
  // Filtered items join the model's own exclusions, so its top-K is cut after filtering.
  const exclude = rules ? concat(extra, excludedByRules(ruleItems, rules)) : extra;
  const top = run.model.recommend(Int32Array.of(u), {
    k: rules ? candidatePool(k, rules) : k,
    filterSeen: true,
    exclude: [exclude],
  });
  let picks: Array<{ i: number; s: number }> = [];
  for (let p = 0; p < top.k; p++) if (top.items[p] >= 0) picks.push({ i: top.items[p], s: top.scores[p] });
  if (rules?.diversity !== undefined) {
    const scores = new Float32Array(run.items.size);
    for (const p of picks) scores[p.i] = p.s;
    const order = mmr(
      picks.map((p) => p.i),
      scores,
      k,
      rules.diversity,
      genreSimilarity(ruleItems),
    );
    picks = order.map((i) => ({ i, s: scores[i] }));
  }
  const titles = await run.titles();
  const items: Recommendation[] = picks
    .slice(0, k)
    .map((p, r) => ({ rank: r + 1, ...itemRef(run, titles, p.i), score: p.s }));
  return { user, k, scoreMeaning: scoreMeaning(run.kind), rated: extra.length, items };
}

/** The run's items as the rules see them (raw id and metadata); metadata needs the run's dataset. */
async function itemsForRules(run: Run, rules: ItemRules): Promise<RuleItem[]> {
  const needsMeta =
    rules.genres?.length || rules.excludeGenres?.length || rules.ranges || rules.diversity !== undefined;
  const ds = needsMeta ? await run.dataset() : null;
  return run.items.toJSON().map((id) => {
    const at = ds?.items.get(id);
    const meta: ItemMeta = at === undefined ? {} : (ds!.itemMeta[at] ?? {});
    return { id, meta };
  });
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Top-`k` of every user of the run as the model's typed arrays (dense user order), known-rated items excluded. */
export async function rankAll(run: Run, k: number): Promise<TopK> {
  const rated = await run.rated();
  const n = run.users.size;
  const users = Int32Array.from({ length: n }, (_, u) => u);
  const exclude = Array.from({ length: n }, (_, u) => ratedItems(rated, u));
  const top = run.model.recommend(users, { k, filterSeen: true, exclude });
  if (top.k !== k && top.items.length !== n * top.k)
    throw new GnnrecError(`${run.kind}: recommend returned ${top.items.length} slots for ${n} users`);
  return top;
}

/** Top-`k` of every user of the run (dense order), known-rated items excluded: row r holds user r's list. */
export async function recommendAll(
  run: Run,
  k: number,
): Promise<Array<Array<{ item: string; score: number; rank: number }>>> {
  const top = await rankAll(run, k);
  const n = run.users.size;
  const out: Array<Array<{ item: string; score: number; rank: number }>> = [];
  for (let u = 0; u < n; u++) {
    const row: Array<{ item: string; score: number; rank: number }> = [];
    for (let p = 0; p < top.k; p++) {
      const i = top.items[u * top.k + p];
      if (i >= 0) row.push({ item: run.items.raw(i), score: top.scores[u * top.k + p], rank: p + 1 });
    }
    out.push(row);
  }
  return out;
}
