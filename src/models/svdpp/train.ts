import type { Csr } from '../../tensor/csr.ts';
import type { Rng } from '../../util/rng.ts';

/** Hyper-parameters of the SGD fit of SVD++ (the subset of `SvdppConfig` the SGD functions read). */
export interface SvdppTrainConfig {
  factors: number;
  lr: number;
  /** L2 weight of the factors (p, q, y). */
  reg: number;
  /** L2 weight of the user and item biases. */
  regBias: number;
  /** Per-epoch multiplicative learning-rate decay. */
  decay: number;
  /** Standard deviation of the initial factors. */
  initStd: number;
}

/** Learned SVD++ parameters (Koren, KDD 2008): r̂ = μ + b_u + b_i + q_i·(p_u + |N(u)|^-½ Σ_{j∈N(u)} y_j). */
export interface SvdppParams {
  factors: number;
  mu: number;
  userBias: Float32Array;
  itemBias: Float32Array;
  /** [U × f] explicit user factors. */
  p: Float32Array;
  /** [I × f] item factors. */
  q: Float32Array;
  /** [I × f] implicit item factors: a user is also the normalised sum of y over the items they rated. */
  y: Float32Array;
}

/** Fresh parameters: zero biases, small Gaussian factors. */
export function initSvdpp(
  numUsers: number,
  numItems: number,
  mu: number,
  c: SvdppTrainConfig,
  rng: Rng,
): SvdppParams {
  const f = c.factors;
  const gauss = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal(0, c.initStd));
  return {
    factors: f,
    mu,
    userBias: new Float32Array(numUsers),
    itemBias: new Float32Array(numItems),
    p: gauss(numUsers * f),
    q: gauss(numItems * f),
    y: gauss(numItems * f),
  };
}

/** The implicit part |N(u)|^-½ Σ_{j∈N(u)} y_j of one user from an item list, written into `out` [f]. */
export function implicitSum(
  m: SvdppParams,
  items: ArrayLike<number>,
  from: number,
  to: number,
  out: Float32Array,
): void {
  const f = m.factors;
  out.fill(0);
  const n = to - from;
  if (n === 0) return;
  for (let k = from; k < to; k++) {
    const o = items[k] * f;
    for (let d = 0; d < f; d++) out[d] += m.y[o + d];
  }
  const s = 1 / Math.sqrt(n);
  for (let d = 0; d < f; d++) out[d] *= s;
}

/**
 * One SGD epoch over the training ratings, visiting users in a shuffled order and each user's ratings in a
 * shuffled order. The implicit sum is computed once per user and its gradient accumulated, then spread over
 * the user's y rows once: the usual per-user form of SVD++ (exact per-rating updates of y cost |N(u)|·f each).
 * Returns the mean squared training error seen during the epoch.
 */
export function svdppEpoch(
  m: SvdppParams,
  byUser: Csr,
  ratingOf: Float32Array,
  c: SvdppTrainConfig,
  lr: number,
  rng: Rng,
): number {
  const f = m.factors;
  const U = byUser.rows;
  const order = rng.shuffle(Int32Array.from({ length: U }, (_, i) => i));
  const z = new Float32Array(f);
  const gz = new Float32Array(f);
  let se = 0;
  let n = 0;
  const { indptr, indices } = byUser;
  for (const u of order) {
    const a = indptr[u];
    const b = indptr[u + 1];
    if (a === b) continue;
    implicitSum(m, indices, a, b, z);
    gz.fill(0);
    const pu = u * f;
    const pos = rng.shuffle(Int32Array.from({ length: b - a }, (_, k) => a + k));
    for (const k of pos) {
      const i = indices[k];
      const qi = i * f;
      let dot = 0;
      for (let d = 0; d < f; d++) dot += m.q[qi + d] * (m.p[pu + d] + z[d]);
      const e = ratingOf[k] - (m.mu + m.userBias[u] + m.itemBias[i] + dot);
      se += e * e;
      n++;
      m.userBias[u] += lr * (e - c.regBias * m.userBias[u]);
      m.itemBias[i] += lr * (e - c.regBias * m.itemBias[i]);
      for (let d = 0; d < f; d++) {
        const qd = m.q[qi + d];
        const pd = m.p[pu + d];
        m.q[qi + d] += lr * (e * (pd + z[d]) - c.reg * qd);
        m.p[pu + d] += lr * (e * qd - c.reg * pd);
        gz[d] += e * qd;
      }
    }
    // Spread the accumulated implicit gradient over the user's items (normalised as in the forward sum).
    const s = 1 / Math.sqrt(b - a);
    for (let k = a; k < b; k++) {
      const yj = indices[k] * f;
      for (let d = 0; d < f; d++) m.y[yj + d] += lr * (gz[d] * s - c.reg * m.y[yj + d]);
    }
  }
  return n > 0 ? se / n : 0;
}

/** Raw (unclamped) SVD++ predictions for pairs, given each user's implicit sum cache [U × f]. */
export function svdppPredict(
  m: SvdppParams,
  zUser: Float32Array,
  users: Int32Array,
  items: Int32Array,
): Float32Array {
  const f = m.factors;
  const out = new Float32Array(users.length);
  for (let k = 0; k < users.length; k++) {
    const u = users[k];
    const i = items[k];
    let dot = 0;
    for (let d = 0; d < f; d++) dot += m.q[i * f + d] * (m.p[u * f + d] + zUser[u * f + d]);
    out[k] = m.mu + m.userBias[u] + m.itemBias[i] + dot;
  }
  return out;
}

/** Every user's implicit sum [U × f] from the training graph's user rows. */
export function implicitSums(m: SvdppParams, byUser: Csr): Float32Array {
  const f = m.factors;
  const out = new Float32Array(byUser.rows * f);
  const z = new Float32Array(f);
  for (let u = 0; u < byUser.rows; u++) {
    implicitSum(m, byUser.indices, byUser.indptr[u], byUser.indptr[u + 1], z);
    out.set(z, u * f);
  }
  return out;
}
