import { getBackend } from '../../tensor/backend/registry.ts';

/**
 * Adam (Kingma & Ba 2015) over one dense Float32Array of parameters, with PyTorch's bias correction, as the
 * backend's fused `adamStep` kernel. Dense, not lazy, because LightGCN's gradient reaches every node through
 * propagation, and PyTorch's Adam keeps moving rows by their momentum as the reference does.
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
    const { beta1, beta2, eps, lr } = this;
    getBackend().adamStep(param, grad, this.m, this.v, {
      lr, beta1, beta2, eps, weightDecay: 0, decoupled: false,
      bc1: 1 - beta1 ** this.t, bc2: 1 - beta2 ** this.t,
    });
  }
}
