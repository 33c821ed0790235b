import { randomUUID } from 'node:crypto';
import type { Catalog } from './catalog.ts';
import type { History, Rated } from './history.ts';
import type { ReasonProvider } from './reasons.ts';
import type { ServedModel } from './served-model.ts';
import type { TopK } from '../models/recommender.ts';
import type { ExplainResponse, Reason, Recommendation } from './schemas/types.ts';
import { explainPair } from './exact-explain.ts';
import { badRequest, notFound } from './http-errors.ts';
import { rareItems } from './rare-items.ts';
import { kSchema } from './schemas/common.ts';
import { topKIndices } from './topk.ts';
import { rankWithRules } from './rules/rank.ts';
import { ContentItems, type AddedItem } from './content-items.ts';
import type { FoldInPool } from './fold-in-pool.ts';
import type { ItemRules, RuleItem } from './rules/rules.ts';
import { LruCache } from './lru-cache.ts';

/** Longest list a request may ask for; every user's list is cached at this length. */
export const MAX_K = 100;
/** List length when a request names none (`kSchema`'s default); `warm` encodes these bodies up front. */
const DEFAULT_K = kSchema.default;
/** Reasons attached to each recommendation. */
const REASONS_PER_ITEM = 3;
/** Items of a list that get reasons (the longest list the UI shows). */
const REASONED_ITEMS = 20;
/**
 * Users whose ranked lists (and encoded bodies) stay cached, per model; `warm` precomputes at most this many.
 * Why 10 000: a cached list of `MAX_K` items is ≈ 15 KB, so the cache stays ≈ 150 MB per model however many users
 * onboard, and a user beyond it costs one fold-in or a row lookup again (≈ 0.1–1 ms).
 */
export const CACHED_USERS = 10_000;

/**
 * A cached ranked list, best first: score indices (model items, then added items) and rounded scores; `reasons`
 * (of the first `REASONED_ITEMS`) once explained. Why not `Recommendation` objects: 10 000 onboarded users' lists
 * of 100 objects each are a million heap objects that every full collection marks (100–200 ms pauses, the POST
 * p99); two packed arrays per user are a few objects, and a request builds only the `k` objects it answers.
 */
interface Ranked {
  items: number[];
  scores: number[];
  reasons?: Reason[][];
}

/**
 * Recommendation logic behind the routes: per-user top-K lists (with reasons) computed once and
 * cached, so the hot path of `GET /api/users/:id/recommendations` is a map lookup and a slice.
 */
export class Engine {
  /**
   * Ranked lists by model and user; `explained` once the first `REASONED_ITEMS` carry reasons. Reasons cost several
   * fold-ins of a new user (occlusion), far more than the list, so they are added when a request first needs them.
   */
  private readonly cache = new LruCache<string, Ranked>(CACHED_USERS);
  private readonly rareByModel = new Map<string, Int32Array>();
  private readonly ruleItemsByModel = new Map<string, RuleItem[]>();
  /**
   * Users whose ratings changed through the API since the models were trained: their model rows are stale, so
   * they are scored by folding in their whole current history instead.
   */
  private readonly live = new Set<string>();
  /**
   * Encoded response bodies by model name, then user, then k: the hot path sends these Buffers as they are.
   * Nested maps, so a lookup builds no key string.
   */
  private readonly bodies = new Map<string, LruCache<string, Array<Buffer | undefined>>>();
  /** Bumped when every cached list may go stale (items added), so a thread's fold-in finished meanwhile is dropped. */
  private epoch = 0;
  /**
   * Per user, bumped when that user's ratings change: a thread's fold-in depends only on its own user's history, so
   * other users' ratings arriving meanwhile (many concurrent onboardings) must not discard it.
   */
  private readonly userEpochs = new Map<string, number>();
  /** Threads that fold new and changed users in off the event loop (`prepare`); without, fold-ins run inline. */
  foldIns?: FoldInPool;
  /** New or changed users' lists folded in on the event loop (no thread, or the thread's list went stale). */
  inlineFoldIns = 0;

  /** Creates an engine over models, item catalog, users' histories and a reason provider. */
  constructor(
    readonly models: readonly ServedModel[],
    readonly catalog: Catalog,
    readonly history: History,
    private readonly reasons: ReasonProvider,
    /** Items added while serving, recommended through their content (shared by every model version). */
    readonly added: ContentItems = new ContentItems(),
  ) {
    if (models.length === 0) throw new Error('at least one model is needed to serve');
  }

  /** The named model, or the default (first ranking model, else the first). */
  model(name?: string): ServedModel {
    if (name === undefined || name === '')
      return this.models.find((m) => m.task === 'ranking') ?? this.models[0]!;
    const m = this.models.find((x) => x.name === name);
    if (!m)
      throw notFound(`unknown model '${name}'; served models: ${this.models.map((x) => x.name).join(', ')}`);
    return m;
  }

  /** Whether a user is known (in training data or created through the API). */
  hasUser(user: string): boolean {
    return this.history.has(user) || this.models.some((m) => m.users.has(user));
  }

  /**
   * Top-`k` recommendations of a known user (seen items removed), with reasons unless `withReasons` is false (then
   * `reasons` is empty, unless an earlier request already computed them).
   */
  recommend(modelName: string | undefined, user: string, k: number, withReasons = true): Recommendation[] {
    const model = this.model(modelName);
    if (!this.hasUser(user)) throw notFound(`unknown user '${user}'`);
    const key = `${model.name}\u0000${user}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.compute(model, user);
      this.cache.set(key, entry);
    }
    if (withReasons && !entry.reasons) {
      const ids = entry.items.slice(0, REASONED_ITEMS).map((i) => this.added.rawId(model, i));
      entry = { ...entry, reasons: this.reasonsOf(model, user, ids) };
      this.cache.set(key, entry);
    }
    const n = Math.min(k, entry.items.length);
    const out = new Array<Recommendation>(n);
    for (let p = 0; p < n; p++) {
      const item = this.added.rawId(model, entry.items[p]!);
      out[p] = {
        item,
        title: this.catalog.title(item),
        score: entry.scores[p]!,
        reasons: entry.reasons?.[p] ?? [],
      };
    }
    return out;
  }

  /**
   * `recommend` as the UTF-8 JSON body of `GET /api/users/:id/recommendations`, encoded once per (model, user, k):
   * the hot path writes this Buffer as it is (no serialisation and no string copy per request).
   */
  recommendBody(modelName: string | undefined, user: string, k: number): Buffer {
    const model = this.model(modelName);
    let byUser = this.bodies.get(model.name);
    if (!byUser) this.bodies.set(model.name, (byUser = new LruCache(CACHED_USERS)));
    let byK = byUser.get(user);
    const hit = byK?.[k];
    if (hit !== undefined) return hit;
    const body = Buffer.from(
      JSON.stringify({ user, model: model.name, recommendations: this.recommend(model.name, user, k) }),
      'utf8',
    );
    if (!byK) byUser.set(user, (byK = []));
    byK[k] = body;
    return body;
  }

  /**
   * The default model's encoded body for (user, k) if `recommendBody` has it cached now, else undefined (no work
   * is done on a miss): what the HTTP fast path sends without entering the router.
   */
  cachedBody(user: string, k: number): Buffer | undefined {
    const name = (this.defaultName ??= this.model(undefined).name);
    return this.bodies.get(name)?.get(user)?.[k];
  }

  /** The default model's name, once known (models never change within an engine). */
  private defaultName: string | undefined;

  /**
   * Computes the user's uncached fold-in lists on the pool's threads (no-op without a pool), so the `recommend` that
   * follows finds them cached. A thread's failure is not an error: `recommend` then folds in inline.
   */
  async prepare(user: string): Promise<void> {
    const pool = this.foldIns;
    if (!pool) return;
    await Promise.all(
      this.models.map(async (model) => {
        const key = `${model.name}\u0000${user}`;
        if (this.cache.has(key) || this.isTrained(model, user)) return;
        const rated = this.history.get(user).filter((r) => model.items.has(r.item));
        if (rated.length === 0) return;
        const epoch = this.epoch;
        const userEpoch = this.userEpochs.get(user);
        const stale = (): boolean =>
          epoch !== this.epoch || userEpoch !== this.userEpochs.get(user) || this.cache.has(key);
        const items = Int32Array.from(rated, (r) => model.items.get(r.item)!);
        const ratings = Float32Array.from(rated, (r) => r.rating);
        if (this.added.size === 0) {
          // The thread ranks as `rank` does (seen = rare ∪ rated: no added items exist to be rated) and answers
          // only the top, so no catalogue-sized score row is allocated on this thread per new user.
          const top = await pool
            .foldInTop(model, items, ratings, MAX_K, this.rare(model))
            .catch(() => undefined);
          if (!top || stale()) return;
          this.cache.set(key, { items: top.items, scores: top.scores.map(round) });
          return;
        }
        const own = await pool.foldIn(model, items, ratings).catch(() => undefined);
        // Ratings or items that arrived while the thread worked make this list stale: `recommend` recomputes.
        if (!own || stale()) return;
        const scores = this.added.extend(model, own, (i) => this.ruleItems(model)[i]!.meta);
        this.cache.set(key, this.rank(model, user, scores));
      }),
    );
  }

  /** Throws a 400 unless every rated item is known and at least one is known to a served model. */
  checkRatings(ratings: readonly Rated[]): void {
    for (const r of ratings)
      if (!this.catalog.has(r.item)) throw badRequest(`ratings: unknown item '${r.item}'`);
    if (!ratings.some((r) => this.models.some((m) => m.items.has(r.item)))) {
      throw badRequest('ratings: none of the rated items is known to the served models');
    }
  }

  /** A fresh id for an onboarded user: a full random UUID, checked against every known user. */
  newUserId(): string {
    for (;;) {
      const id = `web-${randomUUID()}`;
      if (!this.hasUser(id)) return id;
    }
  }

  /**
   * Adds items (already in the catalog) that models recommend through their content from now on; every cached
   * list is dropped, since any of them may now include a new item.
   */
  addItems(items: readonly AddedItem[]): void {
    for (const it of items) this.added.add(it);
    this.epoch++;
    this.cache.clear();
    this.bodies.clear();
  }

  /** Score index of an added item under a model (after the model's own items), or undefined. */
  private addedIndex(model: ServedModel, id: string): number | undefined {
    const j = this.added.indexOf(id);
    return j === undefined ? undefined : model.items.size + j;
  }

  /** Takes over which users rated through the API from the engine this one replaces (a model reload). */
  carryLiveUsers(from: Engine): void {
    for (const u of from.live) this.live.add(u);
  }

  /** Records (new or changed) ratings of a user and drops their cached lists: the next request sees them. */
  addRatings(user: string, ratings: readonly Rated[]): void {
    this.history.add(user, ratings);
    this.live.add(user);
    this.invalidate(user);
  }

  /**
   * Top-`k` recommendations of a known user under business rules (filters before the cut, optional MMR),
   * computed per request: rule combinations are too many to cache.
   */
  recommendWithRules(
    modelName: string | undefined,
    user: string,
    k: number,
    rules: ItemRules,
    withReasons = true,
  ): Recommendation[] {
    const model = this.model(modelName);
    if (!this.hasUser(user)) throw notFound(`unknown user '${user}'`);
    const scores = this.scores(model, user);
    if (!scores) return [];
    const picks = rankWithRules(scores, this.ruleItems(model), k, rules, this.seen(model, user));
    const list = this.toRecommendations(
      model,
      picks.map((i) => ({ i, s: scores[i]! })),
    );
    return withReasons ? this.withReasons(model, user, list) : list;
  }

  /** Forgets a user's cached lists (after their ratings changed). */
  invalidate(user: string): void {
    this.userEpochs.set(user, (this.userEpochs.get(user) ?? 0) + 1);
    for (const m of this.models) {
      this.cache.delete(`${m.name}\u0000${user}`);
      this.bodies.get(m.name)?.delete(user);
    }
  }

  /** Items most similar to `item` under a model. */
  similar(
    modelName: string | undefined,
    item: string,
    k: number,
  ): Array<{ item: string; title: string; score: number }> {
    const model = this.model(modelName);
    if (!this.catalog.has(item)) throw notFound(`unknown item '${item}'`);
    const i = model.items.get(item);
    if (i === undefined) return [];
    const top = model.recommender.similarItems(Int32Array.of(i), k);
    const out: Array<{ item: string; title: string; score: number }> = [];
    for (let r = 0; r < top.k; r++) {
      const j = top.items[r]!;
      if (j < 0) break;
      const id = model.items.raw(j);
      out.push({ item: id, title: this.catalog.title(id), score: round(top.scores[r]!) });
    }
    return out;
  }

  /**
   * Why `item` would be recommended to `user`: the item's explanation (`explainPair`), whose top is the card's
   * "because" line.
   */
  explain(modelName: string | undefined, user: string, item: string): ExplainResponse {
    const model = this.model(modelName);
    if (!this.hasUser(user)) throw notFound(`unknown user '${user}'`);
    if (!this.catalog.has(item)) throw notFound(`unknown item '${item}'`);
    const title = this.catalog.title(item);
    // The same computation as the list's reasons (`explanationReasons`), so the card and this page agree.
    const ex = explainPair(model, this.catalog, user, item, {
      rated: this.history.get(user),
      trained: this.isTrained(model, user),
      top: 10,
      raterRating: (u, it) => this.history.rating(u, it),
    });
    if (!ex) throw notFound(`model '${model.name}' does not know item '${item}'`);
    return {
      user,
      item,
      title,
      model: model.name,
      score: round(ex.score),
      method: ex.method,
      reasons: ex.reasons,
      otherShare: ex.otherShare,
      residualShare: ex.residualShare,
      likedFrom: ex.likedFrom,
      ...(ex.raters.length > 0 ? { raters: ex.raters } : {}),
    };
  }

  /** Whether the model's own row of the user is current (trained on them, no ratings through the API since). */
  private isTrained(model: ServedModel, user: string): boolean {
    return model.users.get(user) !== undefined && !this.live.has(user);
  }

  /** Precomputes every known user's lists (and default-k bodies) for every model, yielding between users. */
  async warm(onProgress?: (done: number, total: number) => void): Promise<void> {
    const users = new Set<string>();
    // No more than the cache holds: beyond it, precomputed lists would only evict each other.
    for (const m of this.models)
      for (const u of m.users.toJSON()) if (users.size < CACHED_USERS) users.add(u);
    const total = users.size * this.models.length;
    let done = 0;
    for (const m of this.models) {
      for (const u of users) {
        // The list, and the body of the default k that the UI asks for.
        if (this.hasUser(u)) this.recommendBody(m.name, u, DEFAULT_K);
        // Yield after every user so requests arriving meanwhile wait for one user's work at most.
        if (++done % 50 === 0) onProgress?.(done, total);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    onProgress?.(done, total);
  }

  /** Scores of every model item for a user: the model's own row, or a fold-in of their (changed) ratings. */
  private scores(model: ServedModel, user: string): Float32Array | undefined {
    const s = this.modelScores(model, user);
    // Added items' content scores follow the model's own: score index model.items.size + j is added item j.
    return s && this.added.extend(model, s, (i) => this.ruleItems(model)[i]!.meta);
  }

  /** The model's own scores of its items for a user (its row, or a fold-in of their changed ratings). */
  private modelScores(model: ServedModel, user: string): Float32Array | undefined {
    const u = model.users.get(user);
    if (u !== undefined && !this.live.has(user)) return model.recommender.scoreUsers(Int32Array.of(u));
    const rated = this.history.get(user).filter((r) => model.items.has(r.item));
    if (rated.length === 0) return undefined;
    return model.recommender.foldIn(
      Int32Array.from(rated, (r) => model.items.get(r.item)!),
      Float32Array.from(rated, (r) => r.rating),
    );
  }

  /** Items a model must not recommend to anyone (rarely rated items for rating models), cached per model. */
  private rare(model: ServedModel): Int32Array {
    let r = this.rareByModel.get(model.name);
    if (!r) this.rareByModel.set(model.name, (r = rareItems(model, this.catalog)));
    return r;
  }

  /** Model items a user must not be shown: rare items and everything they rated. */
  private seen(model: ServedModel, user: string): Set<number> {
    const seen = new Set<number>(this.rare(model));
    for (const r of this.history.get(user)) {
      const i = model.items.get(r.item) ?? this.addedIndex(model, r.item);
      if (i !== undefined) seen.add(i);
    }
    return seen;
  }

  /** Each model item's raw id and metadata, by model item index (what the rules filter on). */
  private ruleItems(model: ServedModel): RuleItem[] {
    let items = this.ruleItemsByModel.get(model.name);
    if (!items || items.length !== model.items.size + this.added.size) {
      items = model.items.toJSON().map((id) => {
        const at = this.catalog.indexOf(id);
        return { id, meta: at === undefined ? {} : this.catalog.meta[at]! };
      });
      items.push(...this.added.items);
      this.ruleItemsByModel.set(model.name, items);
    }
    return items;
  }

  private compute(model: ServedModel, user: string): Ranked {
    const u = model.users.get(user);
    if (u !== undefined && !this.live.has(user) && this.added.size === 0) {
      const top = model.recommender.recommend(Int32Array.of(u), {
        k: MAX_K,
        filterSeen: true,
        exclude: [Int32Array.from(this.seen(model, user))],
      });
      return rankedOf(top);
    }
    if (this.added.size === 0) {
      // A model that ranks a new user without scoring every item (an IVF at 500 k items) does so here too, as the
      // fold-in thread asks it (`prepare`): this path runs when no thread is configured or its list went stale.
      const rated = this.history.get(user).filter((r) => model.items.has(r.item));
      const top =
        rated.length > 0
          ? model.recommender.foldInTop?.(
              Int32Array.from(rated, (r) => model.items.get(r.item)!),
              Float32Array.from(rated, (r) => r.rating),
              MAX_K,
              this.rare(model),
            )
          : undefined;
      if (top) {
        this.inlineFoldIns++;
        return rankedOf(top);
      }
    }
    if (u === undefined || this.live.has(user)) this.inlineFoldIns++;
    const scores = this.scores(model, user);
    return scores ? this.rank(model, user, scores) : { items: [], scores: [] };
  }

  /** The user's list (no reasons yet) from their scores of every item: the top `MAX_K` unseen ones. */
  private rank(model: ServedModel, user: string, scores: Float32Array): Ranked {
    const items = topKIndices(scores, MAX_K, this.seen(model, user));
    return { items, scores: items.map((i) => round(scores[i]!)) };
  }

  /** Ranked model items as API recommendations, with titles and no reasons yet. */
  private toRecommendations(
    model: ServedModel,
    picks: ReadonlyArray<{ i: number; s: number }>,
  ): Recommendation[] {
    return picks.map((p) => {
      const item = this.added.rawId(model, p.i);
      return { item, title: this.catalog.title(item), score: round(p.s), reasons: [] };
    });
  }

  /** A copy of a list whose first items (the lists people read: the UI asks for 10 and 20) carry reasons. */
  private withReasons(model: ServedModel, user: string, list: readonly Recommendation[]): Recommendation[] {
    const reasons = this.reasonsOf(
      model,
      user,
      list.slice(0, REASONED_ITEMS).map((r) => r.item),
    );
    return list.map((r, p) => ({ ...r, reasons: reasons[p] ?? [] }));
  }

  /** The reasons of a user's items (raw ids, the first of a list), in order. */
  private reasonsOf(model: ServedModel, user: string, items: string[]): Reason[][] {
    return this.reasons(
      model,
      { id: user, rated: this.history.get(user), trained: this.isTrained(model, user) },
      items,
      REASONS_PER_ITEM,
    );
  }
}

/** Rounds a score for JSON (4 significant decimals are plenty for ranking). */
/** A model's one-row top-K as a list (the −1 padding of a short list dropped), scores rounded. */
function rankedOf(top: TopK): Ranked {
  const items: number[] = [];
  const scores: number[] = [];
  for (let r = 0; r < top.k && top.items[r]! >= 0; r++) {
    items.push(top.items[r]!);
    scores.push(round(top.scores[r]!));
  }
  return { items, scores };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
