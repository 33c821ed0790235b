import { getBackend } from '../tensor/backend/registry.ts';
import type { Parameter } from './parameter.ts';
import { zeroGrads } from './optimizer.ts';
import type { Optimizer } from './optimizer.ts';

/** Options of `SGD`. */
export interface SgdOptions {
  lr: number;
  momentum?: number;
  weightDecay?: number;
}

/** Stochastic gradient descent with optional momentum and L2 weight decay. */
export class SGD implements Optimizer {
  /** Learning rate. */
  lr: number;
  private readonly params: readonly Parameter[];
  private readonly momentum: number;
  private readonly weightDecay: number;
  private readonly velocity = new Map<Parameter, Float32Array>();

  /** Optimises `params` in place. */
  constructor(params: readonly Parameter[], opts: SgdOptions) {
    this.params = params;
    this.lr = opts.lr;
    this.momentum = opts.momentum ?? 0;
    this.weightDecay = opts.weightDecay ?? 0;
  }

  /** p −= lr·(g + wd·p), through a momentum buffer when momentum > 0. */
  step(): void {
    const b = getBackend();
    for (const p of this.params) {
      if (!p.grad) continue;
      const g = p.grad;
      if (this.weightDecay !== 0) {
        b.axpy(this.weightDecay, p.data, g);
        p.gradRows = null;
      }
      if (this.momentum === 0) {
        b.axpy(-this.lr, g, p.data);
        continue;
      }
      let v = this.velocity.get(p);
      if (!v) this.velocity.set(p, (v = b.allocF32(p.size)));
      for (let i = 0; i < v.length; i++) v[i] = this.momentum * v[i] + g[i];
      b.axpy(-this.lr, v, p.data);
    }
  }

  /** Zeroes all gradients. */
  zeroGrad(): void {
    zeroGrads(this.params);
  }
}
