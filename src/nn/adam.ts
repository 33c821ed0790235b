import { getBackend } from '../tensor/backend/registry.ts';
import type { AdamParams } from '../tensor/backend/backend.ts';
import type { Parameter } from './parameter.ts';
import { zeroGrads, uniqueGradRows } from './optimizer.ts';
import type { Optimizer } from './optimizer.ts';

/** Options of `Adam`. */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty; added to the gradient unless `decoupled` (AdamW). */
  weightDecay?: number;
  decoupled?: boolean;
  /**
   * Lazy (sparse) Adam: a parameter whose gradient came only from row gathers (embedding lookups)
   * updates just the gathered rows, moments included, like TensorFlow's LazyAdam. Much cheaper for
   * large tables; differs from dense Adam, which keeps moving untouched rows by their momentum.
   */
  lazy?: boolean;
}

/** Adam (Kingma & Ba) with optional L2 or decoupled (AdamW) weight decay; one fused kernel per parameter. */
export class Adam implements Optimizer {
  /** Learning rate. */
  lr: number;
  /** Updates taken so far (for bias correction). */
  t = 0;
  private readonly params: readonly Parameter[];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;
  private readonly lazy: boolean;
  private readonly moments = new Map<Parameter, [Float32Array, Float32Array]>();

  /** Optimises `params` in place (PyTorch defaults: lr 1e-3, betas 0.9/0.999, eps 1e-8). */
  constructor(params: readonly Parameter[], opts: AdamOptions = {}) {
    this.params = params;
    this.lr = opts.lr ?? 1e-3;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    this.decoupled = opts.decoupled ?? false;
    this.lazy = opts.lazy ?? false;
  }

  /** One Adam update of every parameter that has a gradient. */
  step(): void {
    this.t++;
    const b = getBackend();
    const hp: AdamParams = {
      lr: this.lr,
      beta1: this.beta1,
      beta2: this.beta2,
      eps: this.eps,
      weightDecay: this.weightDecay,
      decoupled: this.decoupled,
      bc1: 1 - Math.pow(this.beta1, this.t),
      bc2: 1 - Math.pow(this.beta2, this.t),
    };
    for (const p of this.params) {
      if (!p.grad) continue;
      let mv = this.moments.get(p);
      if (!mv) this.moments.set(p, (mv = [b.allocF32(p.size), b.allocF32(p.size)]));
      const rows = this.lazy ? uniqueGradRows(p) : null;
      if (rows) b.adamRows(p.data, p.grad, mv[0], mv[1], p.size / p.shape[0], rows, hp);
      else b.adamStep(p.data, p.grad, mv[0], mv[1], hp);
    }
  }

  /** Zeroes all gradients. */
  zeroGrad(): void {
    zeroGrads(this.params);
  }
}
