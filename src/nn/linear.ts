import type { Tensor } from '../tensor/tensor.ts';
import { matmul } from '../tensor/ops/matmul.ts';
import { add } from '../tensor/ops/add.ts';
import type { Rng } from '../util/rng.ts';
import { Parameter } from './parameter.ts';
import { kaimingUniform, uniform } from './init.ts';
import type { Initializer } from './init.ts';
import type { Module } from './module.ts';

/** y = x·W + b with W stored [in, out] (so no transpose on the hot path). */
export class Linear implements Module {
  /** Weight [in, out]. */
  readonly weight: Parameter;
  /** Bias [out], or null. */
  readonly bias: Parameter | null;

  /** PyTorch-style init by default: Kaiming-uniform weight, U(±1/√in) bias. */
  constructor(
    inFeatures: number,
    outFeatures: number,
    bias: boolean,
    rng: Rng,
    init?: Initializer,
    name = 'linear',
  ) {
    const w = (init ?? kaimingUniform(rng))([inFeatures, outFeatures]);
    this.weight = Parameter.fromArray(w, [inFeatures, outFeatures], `${name}.weight`);
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = bias
      ? Parameter.fromArray(uniform(rng, -bound, bound)([outFeatures]), [outFeatures], `${name}.bias`)
      : null;
  }

  /** Applies the layer to x of shape [n, in] → [n, out]. */
  forward(x: Tensor): Tensor {
    const y = matmul(x, this.weight);
    return this.bias ? add(y, this.bias) : y;
  }

  /** Weight, then bias when present. */
  parameters(): Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }
}

/** A stack of Linear layers with an activation between them (none after the last). */
export class Mlp implements Module {
  /** The layers, input first. */
  readonly layers: Linear[];
  private readonly act: (x: Tensor) => Tensor;

  /** `sizes` = [in, hidden…, out]. */
  constructor(sizes: readonly number[], rng: Rng, act: (x: Tensor) => Tensor, name = 'mlp') {
    this.layers = [];
    for (let i = 0; i + 1 < sizes.length; i++)
      this.layers.push(new Linear(sizes[i], sizes[i + 1], true, rng, undefined, `${name}.${i}`));
    this.act = act;
  }

  /** Runs the stack. */
  forward(x: Tensor): Tensor {
    let h = x;
    this.layers.forEach((l, i) => {
      h = l.forward(h);
      if (i + 1 < this.layers.length) h = this.act(h);
    });
    return h;
  }

  /** All layer parameters in order. */
  parameters(): Parameter[] {
    return this.layers.flatMap((l) => l.parameters());
  }
}
