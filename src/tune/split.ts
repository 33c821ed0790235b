import type { Interactions } from '../data/types.ts';
import type { TrainData } from '../models/recommender.ts';
import { Rng } from '../util/rng.ts';

/** A validation split carved from training data: the part to fit on and the held-out part. */
export interface CarvedSplit {
  fit: TrainData;
  val: Interactions;
}

/**
 * Holds out ⌈10%⌉ of the training items of up to `users` random users with ≥ 2 items (each keeps at least one), the
 * way the `lightgcn` protocol carves its validation part: only training data is read, never a test file.
 */
export function carveValidation(data: TrainData, seed: number, users = 3000, ratio = 0.1): CarvedSplit {
  const { train } = data;
  const byUser: number[][] = Array.from({ length: data.numUsers }, () => []);
  for (let e = 0; e < train.user.length; e++) byUser[train.user[e]].push(e);
  const rng = new Rng(seed).fork(2201);
  const eligible = byUser.map((es, u) => (es.length >= 2 ? u : -1)).filter((u) => u >= 0);
  const chosen = rng.shuffle(eligible).slice(0, users);
  const held = new Uint8Array(train.user.length);
  for (const u of chosen) {
    const es = rng.shuffle(byUser[u].slice());
    const n = Math.min(es.length - 1, Math.max(1, Math.ceil(ratio * es.length)));
    for (let t = 0; t < n; t++) held[es[t]] = 1;
  }
  const pick = (keep: number): Interactions => {
    const idx: number[] = [];
    for (let e = 0; e < held.length; e++) if (held[e] === keep) idx.push(e);
    return {
      user: Int32Array.from(idx, (e) => train.user[e]),
      item: Int32Array.from(idx, (e) => train.item[e]),
      rating: Float32Array.from(idx, (e) => train.rating[e]),
      timestamp: null,
    };
  };
  return { fit: { ...data, train: pick(0), val: undefined }, val: pick(1) };
}
