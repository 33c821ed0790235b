import { join } from 'node:path';
import { csrFromCoo, type Csr } from '../../tensor/csr.ts';
import { readManifest } from '../io/manifest.ts';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.ts';
import { createModel, getKind } from '../registry.ts';
import type {
  EpochReport,
  FitOptions,
  FitReport,
  RatingPredictor,
  RecommendOptions,
  Recommender,
  TopK,
  TrainData,
} from '../recommender.ts';
import { FitRecord } from '../shared/fit-record.ts';
import { topKFiltered } from '../shared/topk.ts';
import { storedPattern, writeModelManifest } from '../shared/model-folder.ts';
import { memberKind, parseRatingBlendConfig, RATING_BLEND_KIND, type RatingBlendConfig } from './config.ts';
import { averageWeights, fitBlendWeights, type BlendWeights } from './weights.ts';
import { selectionMetric, trainWithEarlyStopping } from '../shared/early-stopping.ts';
import { minMax, rmseOf } from '../shared/rating-stats.ts';

type RatingMember = Recommender & RatingPredictor;

/** Sub-folder of member `k` (member key `key`) in a saved blend. */
export function memberFolder(k: number, key: string): string {
  return `member-${k}-${memberKind(key)}`;
}

/**
 * A linear blend of rating models fitted on the same training graph: each member is trained as it would be alone
 * (early stopping on validation), then r̂ = c + Σ_k w_k r̂_k with (c, w) the least-squares fit of the members'
 * validation predictions (the plain average without validation data). Predictions are clamped to the rating range.
 */
export class RatingBlend implements Recommender, RatingPredictor {
  readonly kind = RATING_BLEND_KIND;
  readonly config: RatingBlendConfig;
  /** Fitted (or loaded) members, in the order of `config.members`. */
  members: RatingMember[] = [];
  /** Blend weights (one per member) and intercept. */
  blend: BlendWeights;
  /** Rating range predictions are clamped to. */
  range: [number, number] = [0, 5];
  /** Items each user rated in training (filtered out of recommendations). */
  seen: Csr;
  private readonly record: FitRecord;
  private extra: Record<string, unknown> = {};

  /** An unfitted blend of the given sizes. */
  constructor(
    readonly numUsers: number,
    readonly numItems: number,
    config: Record<string, unknown> = {},
  ) {
    this.config = parseRatingBlendConfig(config);
    this.blend = averageWeights(Object.keys(this.config.members).length);
    this.seen = csrFromCoo(numUsers, numItems, new Int32Array(0), new Int32Array(0));
    this.record = new FitRecord(numUsers, numItems);
  }

  /**
   * Fits every member on `data` (each with its own early stopping), then the blend weights on `data.val`. The caller
   * sees one epoch, the finished blend: a caller's validation of a half-fitted blend would judge a member alone.
   */
  async fit(data: TrainData, opts: FitOptions): Promise<FitReport> {
    const t0 = performance.now();
    const { train, val } = data;
    this.range = data.dataset?.ratingRange ?? minMax(train.rating);
    this.seen = csrFromCoo(this.numUsers, this.numItems, train.user, train.item);
    const sizes = { numUsers: this.numUsers, numItems: this.numItems };
    const memberReports: Record<string, unknown>[] = [];
    this.members = [];
    for (const [key, raw] of Object.entries(this.config.members)) {
      const kind = memberKind(key);
      const m = createModel(kind, raw as Record<string, unknown>, sizes) as RatingMember;
      // Member k gets seed + k, so two members of one kind and config are two different fits (an ensemble).
      // Each member early-stops on its own val RMSE with its own config's patience (the one trainer loop).
      const patience = (m as RatingMember & { config?: { patience?: unknown } }).config?.patience;
      const held = val && val.user.length > 0 ? val : null;
      const rep = await trainWithEarlyStopping(m, data, {
        seed: opts.seed + this.members.length,
        epochs: opts.epochs,
        progress: opts.progress,
        validate: held ? () => ({ rmse: rmseOf(m.predict(held.user, held.item), held.rating) }) : undefined,
        metric: selectionMetric(m, 'rmse'),
        lowerIsBetter: true,
        patience: typeof patience === 'number' ? patience : 0,
      });
      const memberVal = rep.curve.map((r) => r.val?.rmse ?? Infinity);
      memberReports.push({
        member: key,
        epochs: rep.epochs,
        seconds: rep.seconds,
        best_val_rmse: Math.min(...memberVal),
        best_epoch: rep.bestEpoch,
        ...rep.extra,
      });
      this.members.push(m);
    }
    const k = this.members.length;
    this.blend =
      val && val.user.length > 0
        ? fitBlendWeights(
            this.members.map((m) => m.predict(val.user, val.item)),
            val.rating,
          )
        : averageWeights(k);
    // Stored as float32: round now so a saved and reloaded blend predicts bit for bit the same.
    this.blend = {
      intercept: Math.fround(this.blend.intercept),
      weights: this.blend.weights.map((w) => Math.fround(w)),
    };
    const valRmse =
      val && val.user.length > 0 ? rmseOf(this.predict(val.user, val.item), val.rating) : undefined;
    this.record.fitted(opts.seed, data);
    this.extra = { blend: this.blend, members: memberReports, valRmse };
    const seconds = (performance.now() - t0) / 1000;
    const report: EpochReport = { epoch: 1, loss: 0, seconds };
    opts.onEpoch?.(report);
    return {
      epochs: 1,
      seconds,
      curve: [report],
      extra: { blend: this.blend, members: memberReports, blend_val_rmse: valRmse },
    };
  }

  /** Blended predictions of (user, item) pairs, clamped to the rating range. */
  predict(users: Int32Array, items: Int32Array): Float32Array {
    return this.clamped(this.combine(this.members.map((m) => m.predict(users, items))));
  }

  /** Blended predicted ratings of every item for each user, clamped: row-major users × items. */
  scoreUsers(users: Int32Array): Float32Array {
    return this.clamped(this.combine(this.members.map((m) => m.scoreUsers(users))));
  }

  /** Top-K unseen items by blended predicted rating (clamped after ranking). */
  recommend(users: Int32Array, opts: RecommendOptions): TopK {
    const raw = this.combine(this.members.map((m) => m.scoreUsers(users)));
    const res = topKFiltered(raw, users, this.numItems, opts, this.seen);
    for (let k = 0; k < res.scores.length; k++)
      if (res.items[k] >= 0) res.scores[k] = this.clamp(res.scores[k]);
    return res;
  }

  /** The first member's similar items (a blend of ratings defines no item space of its own). */
  similarItems(items: Int32Array, k: number): TopK {
    return this.first().similarItems(items, k);
  }

  /** Blended fold-in predictions of every item for a new user, from the items they rated. */
  foldIn(items: Int32Array, ratings: Float32Array): Float32Array {
    return this.clamped(this.combine(this.members.map((m) => m.foldIn(items, ratings))));
  }

  /** Writes the blend weights and training pattern, and each member's folder beneath. */
  async save(dir: string): Promise<void> {
    const kinds = Object.keys(this.config.members);
    for (let k = 0; k < this.members.length; k++)
      await this.members[k].save(join(dir, memberFolder(k, kinds[k])));
    await saveSafetensors(join(dir, 'tensors.safetensors'), {
      blend: {
        shape: [this.members.length + 1],
        data: Float32Array.from([this.blend.intercept, ...this.blend.weights]),
      },
      seen_indptr: { shape: [this.seen.indptr.length], data: this.seen.indptr },
      seen_indices: { shape: [this.seen.indices.length], data: this.seen.indices },
    });
    await writeModelManifest(dir, this.record.head(this.kind, this.config), {
      ...this.extra,
      range: this.range,
    });
  }

  /** Loads a folder written by `save` (members through their own kinds' `load`). */
  static async load(dir: string): Promise<RatingBlend> {
    const man = await readManifest(dir);
    const t = await loadSafetensors(join(dir, 'tensors.safetensors'));
    const b = new RatingBlend(man.ids.users.length, man.ids.items.length, man.config);
    b.seen = storedPattern(t, 'seen', b.numUsers, b.numItems);
    const w = t.blend!.data as Float32Array;
    b.blend = { intercept: w[0], weights: Array.from(w.subarray(1)) };
    const kinds = Object.keys(b.config.members);
    b.members = [];
    for (let k = 0; k < kinds.length; k++)
      b.members.push(
        (await getKind(memberKind(kinds[k])).load(join(dir, memberFolder(k, kinds[k])))) as RatingMember,
      );
    b.extra = man.extra ?? {};
    b.range = (man.extra?.range as [number, number] | undefined) ?? b.range;
    b.record.loaded(man);
    return b;
  }

  private first(): RatingMember {
    if (this.members.length === 0) throw new Error('rating-blend: model is not trained');
    return this.members[0];
  }

  private combine(parts: Float32Array[]): Float32Array {
    const out = new Float32Array(parts[0]?.length ?? 0).fill(this.blend.intercept);
    parts.forEach((p, k) => {
      const w = this.blend.weights[k];
      for (let i = 0; i < out.length; i++) out[i] += w * p[i];
    });
    return out;
  }

  private clamped(a: Float32Array): Float32Array {
    for (let i = 0; i < a.length; i++) a[i] = this.clamp(a[i]);
    return a;
  }

  private clamp(x: number): number {
    return x < this.range[0] ? this.range[0] : x > this.range[1] ? this.range[1] : x;
  }
}
