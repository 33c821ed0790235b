import { Tensor, shapeSize } from '../tensor/tensor.ts';
import { getBackend } from '../tensor/backend/registry.ts';

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
    // Storage is allocated directly (not via a temporary Tensor, which tidy() would free under us).
    const d = getBackend().allocF32(shapeSize(shape), false);
    if (data.length !== d.length)
      throw new RangeError(`data length ${data.length} does not match shape [${shape.join(',')}]`);
    d.set(data);
    return new Parameter(d, shape, name);
  }
}
