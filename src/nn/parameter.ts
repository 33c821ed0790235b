import { Tensor } from '../tensor/tensor.ts';

/** A trainable tensor: a leaf that requires grad, optionally named for checkpoints. */
export class Parameter extends Tensor {
  /** Name used in checkpoints and error messages. */
  name: string;

  /** Wraps `data` (not copied) as a trainable leaf. */
  constructor(data: Float32Array, shape: readonly number[], name = '') {
    super(data, shape, true);
    this.name = name;
  }

  /** A parameter holding a copy of `data`. */
  static fromArray(data: ArrayLike<number>, shape: readonly number[], name = ''): Parameter {
    const t = Tensor.from(data, shape);
    return new Parameter(t.data, shape, name);
  }
}
