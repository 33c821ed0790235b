import type { RatingPredictor, Recommender } from '../../models/recommender.ts';

/** Counts of (rounded prediction, true rating) on the test edges: the notebook's faceted bar chart as a table. */
export function predVsTrue(
  model: Recommender,
  test: { user: Int32Array; item: Int32Array; rating: Float32Array },
): Array<{ predicted: number; actual: number; count: number }> {
  const p = model as Recommender & Partial<RatingPredictor>;
  if (typeof p.predict !== 'function') return [];
  const pred = p.predict(test.user, test.item);
  const counts = new Map<string, number>();
  for (let e = 0; e < pred.length; e++) {
    const key = `${Math.round(pred[e]!)}|${test.rating[e]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => {
    const [predicted, actual] = key.split('|').map(Number) as [number, number];
    return { predicted, actual, count };
  });
}
