import { positiveIndices, selectInteractions } from '../data/select.ts';
import type { Dataset, Interactions } from '../data/types.ts';
import { Rng } from '../util/rng.ts';

/** Rating at or above which a held-out rating is a target (explicit data; implicit data: every interaction). */
export const ONBOARD_TARGET_THRESHOLD = 3.5;

/** A user held out of training, as the onboarding UI would meet them: a few ratings, then a list. */
export interface OnboardUser {
  /** Dense user index in the dataset. */
  user: number;
  /** The N ratings the user gives (any value), as item indices and ratings. */
  items: Int32Array;
  ratings: Float32Array;
  /** Their other items rated ≥ the target threshold, the relevant items of the ranking. */
  targets: Int32Array;
}

/** What `onboardSplit` returns: training positives of the kept users and the held-out users' histories. */
export interface OnboardSplit {
  /** Positive interactions of the training users (ratings ≥ 3.5 on explicit data), dataset index space. */
  train: Interactions;
  /** Dense indices of the users kept for training. */
  trainUsers: Int32Array;
  /** Held-out users with at least one target, in ascending user order. */
  heldOut: OnboardUser[];
}

/** Options of `onboardSplit`. */
export interface OnboardSplitOptions {
  seed: number;
  /** Ratings each held-out user gives as history (N). */
  history: number;
  /** Fraction of `among` held out (default 0.2). */
  fraction?: number;
  /** Users the split draws from (default every user): validation draws from the training users only. */
  among?: Int32Array;
}

/**
 * Strong-generalisation split: a seeded `fraction` of users is removed from training; each gives N of
 * its ratings (any value, drawn at random) as history and is scored on its other positives. The rest of
 * the users' positives (within `among`) train the model.
 */
export function onboardSplit(ds: Dataset, o: OnboardSplitOptions): OnboardSplit {
  const rng = new Rng(o.seed).fork(19);
  const pool = o.among ? Int32Array.from(o.among) : Int32Array.from({ length: ds.users.size }, (_, u) => u);
  const order = rng.shuffle(Int32Array.from(pool));
  const nOut = Math.round((o.fraction ?? 0.2) * pool.length);
  const out = new Uint8Array(ds.users.size);
  const inPool = new Uint8Array(ds.users.size);
  for (const u of pool) inPool[u] = 1;
  for (let p = 0; p < nOut; p++) out[order[p]!] = 1;
  const inter = ds.interactions;
  const threshold = ds.ratingRange ? ONBOARD_TARGET_THRESHOLD : -Infinity;
  const byUser: number[][] = Array.from({ length: ds.users.size }, () => []);
  for (let k = 0; k < inter.user.length; k++) if (out[inter.user[k]!]) byUser[inter.user[k]!]!.push(k);
  const heldOut: OnboardUser[] = [];
  for (let u = 0; u < ds.users.size; u++) {
    if (!out[u]) continue;
    const rows = rng.shuffle(Int32Array.from(byUser[u]!));
    const hist = rows.subarray(0, Math.min(o.history, rows.length));
    const histItems = new Set<number>(Array.from(hist, (k) => inter.item[k]!));
    const targets = new Set<number>();
    for (let p = hist.length; p < rows.length; p++) {
      const k = rows[p]!;
      if (inter.rating[k]! >= threshold && !histItems.has(inter.item[k]!)) targets.add(inter.item[k]!);
    }
    if (targets.size === 0) continue;
    heldOut.push({
      user: u,
      items: Int32Array.from(hist, (k) => inter.item[k]!),
      ratings: Float32Array.from(hist, (k) => inter.rating[k]!),
      targets: Int32Array.from(targets).sort(),
    });
  }
  const pos = positiveIndices(inter, threshold);
  const keep = Array.from(pos).filter((k) => inPool[inter.user[k]!] && !out[inter.user[k]!]);
  const trainUsers = Int32Array.from(Array.from(pool).filter((u) => !out[u])).sort();
  return { train: selectInteractions(inter, Int32Array.from(keep)), trainUsers, heldOut };
}
