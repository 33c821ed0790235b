import { createHash } from 'node:crypto';
import { buildCooccurrence } from '../../graph/cooccurrence.ts';
import { generateWalks } from '../../graph/walks/parallel.ts';
import { GnnrecError } from '../../util/errors.ts';
import { Rng } from '../../util/rng.ts';
import { topKRow } from '../shared/topk.ts';
import { resolveItem2VecConfig } from './config.ts';
import { l2NormalizeRows, trainSgns } from './sgns.ts';
import { nodeSimilarities, scoreProfile, scoreProfileNeighbours } from './scoring.ts';
import { saveItem2Vec } from './persist.ts';
import type { Item2VecConfig } from './config.ts';
import type { NodeNeighbours } from './scoring.ts';
import type { Item2VecState } from './state.ts';
import type { Interactions } from '../../data/types.ts';

export type { Item2VecState } from './state.ts';
import type {
  EpochReport,
  FitOptions,
  FitReport,
  Recommender,
  RecommendOptions,
  TopK,
  TrainData,
} from '../recommender.ts';

/**
 * item2vec via node2vec (Barkan & Koenigstein, "Item2Vec: Neural Item Embedding for Collaborative
 * Filtering", 2016; Grover & Leskovec, KDD 2016; Mikolov et al. 2013): a PMI-weighted co-occurrence graph
 * of liked items, second-order random walks over it, skip-gram with negative sampling on the walks and
 * L2-normalised embeddings (`nodes × dim`). Similar items are cosine top-K; as a user recommender an
 * item scores its mean cosine to the user's training items (see `scoring.ts` for items off the graph).
 */
export class Item2VecRecommender implements Recommender {
  readonly kind = 'item2vec';
  readonly numUsers: number;
  readonly numItems: number;
  readonly config: Item2VecConfig;
  private state: Item2VecState | null;
  /** Memoised top-k neighbours per node for `userScoring: 'neighbours'`; emptied whenever `state` changes. */
  private readonly nbCache = new Map<number, NodeNeighbours>();

  /** An untrained model (or, with `state`, a loaded one). */
  constructor(
    config: Record<string, unknown>,
    sizes: { numUsers: number; numItems: number },
    state: Item2VecState | null = null,
  ) {
    this.config = resolveItem2VecConfig(config);
    this.numUsers = sizes.numUsers;
    this.numItems = sizes.numItems;
    this.state = state;
  }

  /** Trained state; throws before `fit`/`load`. */
  get trained(): Item2VecState {
    if (!this.state) throw new GnnrecError('item2vec: model is not trained');
    return this.state;
  }

  /** Builds the graph from `data.train` (ratings ≥ minRating), walks it and trains SGNS. */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const cfg = this.config;
    const t0 = performance.now();
    const rng = new Rng(opts.seed);
    const g = buildCooccurrence(data.train, this.numUsers, this.numItems, cfg);
    const nodes = g.nodeItems.length;
    if (nodes === 0) {
      throw new GnnrecError(
        `item2vec: no co-occurrence edge has weight ≥ ${cfg.minWeight} among ratings ≥ ${cfg.minRating}; lower minRating or minWeight`,
      );
    }
    const t1 = performance.now();
    opts.progress?.update('item2vec walks', 0, cfg.numWalks * nodes);
    const walks = await generateWalks(g.adj, cfg, rng.fork(1));
    const t2 = performance.now();
    const ds = data.dataset;
    const itemPop = new Float32Array(this.numItems);
    for (let e = 0; e < data.train.item.length; e++) itemPop[data.train.item[e]]++;
    const base: Omit<Item2VecState, 'emb' | 'loss'> = {
      dim: cfg.dim,
      nodeItems: g.nodeItems,
      itemNode: g.itemNode,
      itemPop,
      seed: opts.seed,
      ...userCsr(data.train, this.numUsers),
      graph: { nodes, edges: g.numEdges, pairs: g.numPairs },
      ids: {
        users: ds && ds.users.size === this.numUsers ? ds.users.toJSON() : indexIds(this.numUsers),
        items: ds && ds.items.size === this.numItems ? ds.items.toJSON() : indexIds(this.numItems),
      },
      titles: ds && ds.itemMeta.length === this.numItems ? ds.itemMeta.map((m) => m.title ?? null) : null,
      dataset: {
        name: ds?.name ?? 'unknown',
        fingerprint: fingerprint(data.train),
        users: this.numUsers,
        items: this.numItems,
        interactions: data.train.user.length,
      },
    };
    const curve: EpochReport[] = [];
    const epochs = opts.epochs ?? cfg.epochs;
    const sgns = trainSgns(walks, nodes, { ...cfg, epochs }, rng.fork(2), (epoch, loss, seconds, vectors) => {
      const report: EpochReport = { epoch, loss, seconds };
      curve.push(report);
      opts.progress?.update('item2vec sgns', epoch, epochs);
      // Callers validate between epochs (early stopping), so the model must score with the vectors so far.
      if (opts.onEpoch)
        this.setState({ ...base, emb: l2NormalizeRows(vectors, cfg.dim), loss: curve.map((c) => c.loss) });
      return opts.onEpoch?.(report);
    });
    opts.progress?.end();
    const t3 = performance.now();
    this.setState({ ...base, emb: l2NormalizeRows(sgns.vectors, cfg.dim), loss: sgns.loss });
    const sec = (a: number, b: number): number => Math.round(b - a) / 1000;
    return {
      epochs: curve.length,
      seconds: (t3 - t0) / 1000,
      curve,
      extra: {
        graph: { nodes, edges: g.numEdges },
        item2vec: {
          pairs: g.numPairs,
          walks: walks.count,
          graph_seconds: sec(t0, t1),
          walk_seconds: sec(t1, t2),
          sgns_seconds: sec(t2, t3),
        },
      },
    };
  }

  /** Row-major `users.length × numItems` scores from each user's training items (see `userScoring`). */
  scoreUsers(users: Int32Array): Float32Array {
    const s = this.trained;
    const out = new Float32Array(users.length * this.numItems);
    for (let r = 0; r < users.length; r++) {
      const u = users[r];
      if (u < 0 || u >= this.numUsers) throw new RangeError(`user ${u} out of range 0..${this.numUsers - 1}`);
      this.scoreInto(s, this.profile(u), out, r * this.numItems);
    }
    return out;
  }

  /** Top-K per user; seen (training) items are dropped unless `filterSeen` is false. */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const s = this.trained;
    const n = this.numItems;
    const scores = this.scoreUsers(users);
    const items = new Int32Array(users.length * opts.k);
    const out = new Float32Array(users.length * opts.k);
    for (let r = 0; r < users.length; r++) {
      const off = r * n;
      if (opts.filterSeen !== false) {
        for (let p = s.userPtr[users[r]]; p < s.userPtr[users[r] + 1]; p++)
          scores[off + s.userItems[p]] = -Infinity;
      }
      const ex = opts.exclude?.[r];
      if (ex) for (const i of ex) scores[off + i] = -Infinity;
      topKRow(scores, off, n, opts.k, items, out, r * opts.k, opts.candidates);
    }
    return { k: opts.k, items, scores: out };
  }

  /** Cosine top-K per item, the item itself excluded; items off the graph get an empty row (−1). */
  similarItems(queries: Int32Array, k: number): TopK {
    const s = this.trained;
    const nodes = s.nodeItems.length;
    const sims = new Float32Array(nodes);
    const items = new Int32Array(queries.length * k).fill(-1);
    const scores = new Float32Array(queries.length * k).fill(-Infinity);
    for (let r = 0; r < queries.length; r++) {
      const node = s.itemNode[queries[r]] ?? -1;
      if (node < 0) continue;
      nodeSimilarities(s, node, sims);
      sims[node] = -Infinity;
      topKRow(sims, 0, nodes, k, items, scores, r * k);
      for (let j = r * k; j < (r + 1) * k; j++) if (items[j] >= 0) items[j] = s.nodeItems[items[j]];
    }
    return { k, items, scores };
  }

  /** Scores for a new user from rated items (ratings ≥ profileMinRating form the profile; empty `ratings` = all). */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    const s = this.trained;
    const profile =
      ratings.length === 0 ? items : items.filter((_, k) => ratings[k] >= this.config.profileMinRating);
    const out = new Float32Array(this.numItems);
    this.scoreInto(s, profile, out, 0);
    return out;
  }

  /** Writes manifest.json, tensors.safetensors and titles.json atomically. */
  async save(dir: string): Promise<void> {
    await saveItem2Vec(dir, this.config, this.trained);
  }

  private setState(s: Item2VecState): void {
    this.state = s;
    this.nbCache.clear();
  }

  private scoreInto(s: Item2VecState, profile: Int32Array, out: Float32Array, offset: number): void {
    if (this.config.userScoring === 'mean') scoreProfile(s, profile, out, offset);
    else scoreProfileNeighbours(s, profile, this.config.neighbours, this.nbCache, out, offset);
  }

  private profile(u: number): Int32Array {
    const s = this.trained;
    const all = s.userItems.subarray(s.userPtr[u], s.userPtr[u + 1]);
    if (this.config.profileMinRating <= 0) return all;
    return all.filter((_, k) => s.userRatings[s.userPtr[u] + k] >= this.config.profileMinRating);
  }
}

/** Training interactions grouped by user (CSR with ratings). */
function userCsr(
  inter: Interactions,
  numUsers: number,
): { userPtr: Int32Array; userItems: Int32Array; userRatings: Float32Array } {
  const n = inter.user.length;
  const userPtr = new Int32Array(numUsers + 1);
  for (let e = 0; e < n; e++) userPtr[inter.user[e] + 1]++;
  for (let u = 0; u < numUsers; u++) userPtr[u + 1] += userPtr[u];
  const fill = userPtr.slice(0, numUsers);
  const userItems = new Int32Array(n);
  const userRatings = new Float32Array(n);
  for (let e = 0; e < n; e++) {
    const p = fill[inter.user[e]]++;
    userItems[p] = inter.item[e];
    userRatings[p] = inter.rating[e];
  }
  return { userPtr, userItems, userRatings };
}

function indexIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

/** Short content hash of the training interactions (manifest `dataset.fingerprint`). */
function fingerprint(inter: Interactions): string {
  const h = createHash('sha256');
  for (const a of [inter.user, inter.item, inter.rating])
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex').slice(0, 16);
}
