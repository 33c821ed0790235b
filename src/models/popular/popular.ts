import { join } from 'node:path';
import type { Csr } from '../../tensor/csr.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { readManifest, writeManifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import type {
  FitOptions,
  FitReport,
  Recommender,
  RecommendOptions,
  TopK,
  TrainData,
} from '../recommender.ts';
import { topKRow } from '../shared/topk.ts';
import { datasetInfo, type DatasetInfo } from '../shared/dataset-info.ts';

/**
 * Most-popular baseline: every user gets the items with the most training interactions (unseen ones).
 * Item similarity is co-occurrence count (users in common), normalised by √(pop_a · pop_b) (cosine on binary R).
 */
export class Popular implements Recommender {
  readonly kind = 'popular';
  /** Training interactions per item. */
  popularity: Float32Array;
  /** Training items per user. */
  seen: Csr;
  private seed = 0;
  private info: DatasetInfo;

  /** An untrained model of the given sizes. */
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
  ) {
    this.popularity = new Float32Array(numItems);
    this.seen = interactionCsr(numUsers, numItems, new Int32Array(0), new Int32Array(0));
    this.info = datasetInfo(undefined, numUsers, numItems);
  }

  /** Counts distinct training users per item. */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    this.seen = interactionCsr(this.numUsers, this.numItems, data.train.user, data.train.item);
    this.popularity.fill(0);
    for (const i of this.seen.indices) this.popularity[i]++;
    this.seed = opts.seed;
    this.info = datasetInfo(data.dataset, this.numUsers, this.numItems, data.train.user.length);
    const seconds = (performance.now() - t0) / 1000;
    const report = { epoch: 1, loss: 0, seconds };
    opts.onEpoch?.(report);
    return { epochs: 1, seconds, curve: [report] };
  }

  /** Popularity for every item, the same row for each user. */
  scoreUsers(users: Int32Array): Float32Array {
    const out = new Float32Array(users.length * this.numItems);
    for (let r = 0; r < users.length; r++) out.set(this.popularity, r * this.numItems);
    return out;
  }

  /** Most popular unseen items per user. */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const { k } = opts;
    const items = new Int32Array(users.length * k);
    const scores = new Float32Array(users.length * k);
    const row = new Float32Array(this.numItems);
    for (let r = 0; r < users.length; r++) {
      row.set(this.popularity);
      const u = users[r];
      if (opts.filterSeen !== false && u < this.seen.rows) {
        for (let p = this.seen.indptr[u]; p < this.seen.indptr[u + 1]; p++)
          row[this.seen.indices[p]] = -Infinity;
      }
      for (const i of opts.exclude?.[r] ?? []) if (i >= 0 && i < this.numItems) row[i] = -Infinity;
      topKRow(row, 0, this.numItems, k, items, scores, r * k, opts.candidates);
    }
    return { k, items, scores };
  }

  /** Items most often co-interacted with each query item (cosine on the binary interaction matrix). */
  similarItems(query: Int32Array, k: number): TopK {
    const n = this.numItems;
    const items = new Int32Array(query.length * k);
    const scores = new Float32Array(query.length * k);
    const byItem = transposeUsers(this.seen);
    const row = new Float32Array(n);
    for (let r = 0; r < query.length; r++) {
      row.fill(0);
      const q = query[r];
      for (let p = byItem.indptr[q]; p < byItem.indptr[q + 1]; p++) {
        const u = byItem.indices[p];
        for (let s = this.seen.indptr[u]; s < this.seen.indptr[u + 1]; s++) row[this.seen.indices[s]]++;
      }
      for (let i = 0; i < n; i++)
        row[i] = row[i] > 0 ? row[i] / Math.sqrt(this.popularity[i] * this.popularity[q]) : 0;
      row[q] = -Infinity;
      topKRow(row, 0, n, k, items, scores, r * k);
    }
    return { k, items, scores };
  }

  /** Popularity scores (a new user gets the same ranking as everyone). */
  foldIn(): Float32Array {
    return this.popularity.slice();
  }

  /** Writes the model folder. */
  async save(dir: string): Promise<void> {
    await saveSafetensors(join(dir, 'tensors.safetensors'), {
      popularity: { shape: [this.numItems], data: this.popularity },
      seen_indptr: { shape: [this.seen.indptr.length], data: this.seen.indptr },
      seen_indices: { shape: [this.seen.indices.length], data: this.seen.indices },
    });
    await writeManifest(dir, {
      kind: this.kind,
      config: {},
      seed: this.seed,
      dataset: this.info.dataset,
      ids: this.info.ids,
      metrics: {},
    });
  }

  /** Loads a folder written by `save`. */
  static async load(dir: string): Promise<Popular> {
    const m = await readManifest(dir);
    const t = await loadSafetensors(join(dir, 'tensors.safetensors'));
    const p = new Popular(m.ids.users.length, m.ids.items.length);
    p.popularity = t.popularity.data as Float32Array;
    p.seen = {
      rows: p.numUsers,
      cols: p.numItems,
      indptr: t.seen_indptr.data as Int32Array,
      indices: t.seen_indices.data as Int32Array,
      values: null,
    };
    p.seed = m.seed;
    p.info = { dataset: m.dataset, ids: m.ids };
    return p;
  }
}

function transposeUsers(seen: Csr): Csr {
  const users = new Int32Array(seen.indices.length);
  for (let u = 0; u < seen.rows; u++) users.fill(u, seen.indptr[u], seen.indptr[u + 1]);
  return interactionCsr(seen.cols, seen.rows, seen.indices, users);
}
