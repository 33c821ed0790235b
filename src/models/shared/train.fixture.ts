import { Rng } from '../../util/rng.ts';
import type { TrainData } from '../recommender.ts';

/**
 * Seeded random implicit training data for model tests: every user has 2–9 positives (repeats possible) among the
 * first `items − cold` items, so the last `cold` items stay unseen.
 */
export function randomTrainData(seed: number, users: number, items: number, cold = 3): TrainData {
  const rng = new Rng(seed);
  const user: number[] = [];
  const item: number[] = [];
  for (let u = 0; u < users; u++) {
    const n = 2 + rng.int(8);
    for (let t = 0; t < n; t++) {
      user.push(u);
      item.push(rng.int(items - cold));
    }
  }
  return {
    numUsers: users,
    numItems: items,
    train: {
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      rating: new Float32Array(user.length).fill(1),
      timestamp: null,
    },
  };
}
