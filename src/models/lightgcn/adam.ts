import { getBackend } from '../../tensor/backend/registry.ts';

/**
 * Adam (Kingma & Ba 2015) over one dense Float32Array of parameters, with PyTorch's bias correction
 * (p -= lr/(1-β1^t) · m / (√v/√(1-β2^t) + ε)). Fused into one pass because the BPR hot loop updates every
 * embedding row each step: LightGCN's gradient reaches all nodes through propagation. With a non-js backend the
 * backend's `adamStep` kernel runs (moments live in backend memory).
 */
export class DenseAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  /** Optimiser state for `size` parameters. */
  constructor(
    size: number,
    public lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    const be = getBackend();
    this.m = be.allocF32(size);
    this.v = be.allocF32(size);
  }

  /** One update of `param` with gradient `grad` (same length). */
  step(param: Float32Array, grad: Float32Array): void {
    this.t++;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const stepSize = this.lr / (1 - b1 ** this.t);
    const bc2 = Math.sqrt(1 - b2 ** this.t);
    const { m, v, eps } = this;
    const be = getBackend();
    if (be.name !== 'js') {
      be.adamStep(param, grad, m, v, { lr: this.lr, beta1: b1, beta2: b2, eps, weightDecay: 0, decoupled: false, bc1: 1 - b1 ** this.t, bc2: 1 - b2 ** this.t });
      return;
    }
    for (let i = 0; i < param.length; i++) {
      const g = grad[i];
      const mi = b1 * m[i] + (1 - b1) * g;
      const vi = b2 * v[i] + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      param[i] -= (stepSize * mi) / (Math.sqrt(vi) / bc2 + eps);
    }
  }
}
