import type { AdamParams } from '../backend.ts';

/** Reference lazy Adam: `adamStepJs` on each listed row. */
export function adamRowsJs(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  dim: number,
  rows: Int32Array,
  p: AdamParams,
): void {
  for (let i = 0; i < rows.length; i++) {
    const s = rows[i] * dim,
      e = s + dim;
    adamStepJs(param.subarray(s, e), grad.subarray(s, e), m.subarray(s, e), v.subarray(s, e), p);
  }
}

/** Reference Adam/AdamW update in place. */
export function adamStepJs(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  p: AdamParams,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupled, bc1, bc2 } = p;
  for (let i = 0; i < param.length; i++) {
    let g = grad[i];
    if (weightDecay !== 0 && !decoupled) g += weightDecay * param[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    const upd = m[i] / bc1 / (Math.sqrt(v[i] / bc2) + eps);
    param[i] -= lr * (upd + (decoupled ? weightDecay * param[i] : 0));
  }
}
