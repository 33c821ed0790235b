// Small statistics of rating vectors that rating models need while fitting. (`eval/metrics.ts` has the protocol's
// RMSE, but eval sits above models in the layers, so models cannot call it.)

/** Root-mean-square error of predictions against true ratings (0 for empty input). */
export function rmseOf(pred: Float32Array, truth: Float32Array): number {
  let s = 0;
  for (let k = 0; k < pred.length; k++) s += (pred[k] - truth[k]) ** 2;
  return Math.sqrt(s / Math.max(1, pred.length));
}

/** Smallest and largest rating, or [0, 1] when there is none (the clamp range of a model fitted without one). */
export function minMax(a: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}
