/** Reference fused BPR loss and gradient (see `Backend.bprGrad`). */
export function bprGradJs(
  e: Float32Array,
  dim: number,
  users: Int32Array,
  pos: Int32Array,
  neg: Int32Array,
  itemOffset: number,
  scale: number,
  grad: Float32Array,
): number {
  let loss = 0;
  for (let b = 0; b < users.length; b++) {
    if (neg[b] < 0) continue;
    const u = users[b] * dim;
    const i = (itemOffset + pos[b]) * dim;
    const j = (itemOffset + neg[b]) * dim;
    let x = 0;
    for (let c = 0; c < dim; c++) x += e[u + c] * (e[i + c] - e[j + c]);
    // −ln σ(x) = softplus(−x), computed stably; its derivative is −σ(−x).
    loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
    const g = (-1 / (1 + Math.exp(x))) * scale;
    for (let c = 0; c < dim; c++) {
      const eu = e[u + c];
      grad[u + c] += g * (e[i + c] - e[j + c]);
      grad[i + c] += g * eu;
      grad[j + c] -= g * eu;
    }
  }
  return loss;
}

/** Reference L2 term on gathered rows (see `Backend.l2Rows`). */
export function l2RowsJs(
  param: Float32Array,
  grad: Float32Array,
  dim: number,
  idx: Int32Array,
  offset: number,
  coef: number,
  skip?: Int32Array,
): number {
  let sum = 0;
  for (let k = 0; k < idx.length; k++) {
    if (skip && skip[k] < 0) continue;
    const o = (offset + idx[k]) * dim;
    for (let c = 0; c < dim; c++) {
      const w = param[o + c];
      sum += w * w;
      grad[o + c] += coef * w;
    }
  }
  return sum;
}
