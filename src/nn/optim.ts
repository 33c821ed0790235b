import { getBackend } from '../tensor/backend/registry.ts';
import type { Parameter } from './parameter.ts';

/** Common optimizer surface. */
export interface Optimizer {
  /** Learning rate (mutable for schedules). */
  lr: number;
  /** Applies one update from the parameters' accumulated gradients. */
  step(): void;
  /** Clears the parameters' gradients (call before each backward). */
  zeroGrad(): void;
}

function zeroGrads(params: readonly Parameter[]): void {
  for (const p of params) p.grad?.fill(0);
}

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
      if (this.weightDecay !== 0) b.axpy(this.weightDecay, p.data, g);
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

/** Options of `Adam`. */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty; added to the gradient unless `decoupled` (AdamW). */
  weightDecay?: number;
  decoupled?: boolean;
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
  }

  /** One Adam update of every parameter that has a gradient. */
  step(): void {
    this.t++;
    const b = getBackend();
    const hp = {
      lr: this.lr, beta1: this.beta1, beta2: this.beta2, eps: this.eps,
      weightDecay: this.weightDecay, decoupled: this.decoupled,
      bc1: 1 - Math.pow(this.beta1, this.t), bc2: 1 - Math.pow(this.beta2, this.t),
    };
    for (const p of this.params) {
      if (!p.grad) continue;
      let mv = this.moments.get(p);
      if (!mv) this.moments.set(p, (mv = [b.allocF32(p.size), b.allocF32(p.size)]));
      b.adamStep(p.data, p.grad, mv[0], mv[1], hp);
    }
  }

  /** Zeroes all gradients. */
  zeroGrad(): void {
    zeroGrads(this.params);
  }
}
