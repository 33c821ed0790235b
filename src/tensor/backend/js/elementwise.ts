import type { BinaryKind, UnaryKind } from '../backend.ts';

/** Scalar form of each unary kernel; the wasm backend's results are checked against these. */
export const unaryFns: Record<UnaryKind, (x: number) => number> = {
  relu: (x) => (x > 0 ? x : 0),
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  // Stable for large |x|: log σ(x) = min(x, 0) − log(1 + e^{−|x|}).
  logSigmoid: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
  neg: (x) => -x,
  sqrt: Math.sqrt,
  square: (x) => x * x,
  abs: Math.abs,
};

/** Reference unary kernel: one loop per kind (a shared per-element callback would be megamorphic and slow). */
export function unaryJs(kind: UnaryKind, x: Float32Array, out: Float32Array): void {
  const n = x.length;
  switch (kind) {
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : 0;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
      return;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
      return;
    case 'logSigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)));
      }
      return;
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i];
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]);
      return;
    case 'square':
      for (let i = 0; i < n; i++) out[i] = x[i] * x[i];
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]);
      return;
  }
}

/** Reference binary kernel on equal lengths. */
export function binaryJs(kind: BinaryKind, a: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = out.length;
  switch (kind) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      break;
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      break;
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      break;
    case 'div':
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      break;
  }
}

/** Reference out = alpha·x. */
export function scaleJs(alpha: number, x: Float32Array, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = alpha * x[i];
}

/** Reference y += alpha·x. */
export function axpyJs(alpha: number, x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

/** Reference per-row dot product. */
export function rowDotJs(a: Float32Array, b: Float32Array, dim: number, out: Float32Array): void {
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    const o = r * dim;
    for (let j = 0; j < dim; j++) s += a[o + j] * b[o + j];
    out[r] = s;
  }
}
