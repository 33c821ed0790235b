import type { Tensor } from '../tensor/tensor.ts';
import { gather } from '../tensor/ops/gather.ts';
import { Parameter } from './parameter.ts';
import type { Initializer } from './init.ts';
import type { Module } from './module.ts';

/** A [num, dim] lookup table of trainable rows. */
export class Embedding implements Module {
  /** The table. */
  readonly weight: Parameter;

  /** Creates `num` rows of width `dim` filled by `init` (e.g. `normal(rng, 0.1)`). */
  constructor(num: number, dim: number, init: Initializer, name = 'embedding') {
    this.weight = Parameter.fromArray(init([num, dim]), [num, dim], name);
  }

  /** Rows for the given ids → [ids.length, dim]; gradients scatter back into the table. */
  forward(ids: Int32Array): Tensor {
    return gather(this.weight, ids);
  }

  /** The table as a one-element list. */
  parameters(): Parameter[] {
    return [this.weight];
  }
}
