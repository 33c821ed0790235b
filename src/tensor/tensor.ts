import { getBackend, freeF32 } from './backend/registry.ts';
import { onCreate, onDispose } from './scope.ts';

/** One recorded operation: its inputs and the rule that turns the output gradient into input gradients. */
export interface GradNode {
  readonly inputs: readonly Tensor[];
  /** Adds this op's contribution to each input's `.grad` given the output gradient `g`. */
  backward(g: Float32Array): void;
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * A dense float32 array with a row-major shape, optionally tracked by the autograd tape.
 * Storage comes from the current backend (the shared wasm heap when `wasm` is selected).
 */
export class Tensor {
  /** Dimensions, outermost first. */
  shape: number[];
  /** Row-major values. */
  data: Float32Array;
  /** Accumulated gradient (same length as `data`) after `backward`, else null. */
  grad: Float32Array | null = null;
  /** Whether gradients flow to (and are kept for) this tensor. */
  requiresGrad: boolean;
  /** Element count. */
  size: number;
  /** The op that produced this tensor, while it is on the tape. */
  node: GradNode | null = null;
  /** False for tensors produced by a recorded op; true for inputs and parameters (kept by `tidy` when they require grad). */
  leaf = true;
  /** True once `dispose` has returned the storage. */
  disposed = false;

  /** Wraps existing storage (not copied); prefer the static factories. */
  constructor(data: Float32Array, shape: readonly number[], requiresGrad = false) {
    const n = shapeSize(shape);
    if (data.length !== n)
      throw new RangeError(`data length ${data.length} does not match shape [${shape.join(',')}]`);
    this.data = data;
    this.shape = shape.slice();
    this.size = n;
    this.requiresGrad = requiresGrad;
    onCreate(this);
  }

  /** A zero tensor in backend storage. */
  static zeros(shape: readonly number[], requiresGrad = false): Tensor {
    return new Tensor(getBackend().allocF32(shapeSize(shape)), shape, requiresGrad);
  }

  /** A tensor with unspecified contents, for op outputs that a kernel overwrites entirely. */
  static empty(shape: readonly number[]): Tensor {
    return new Tensor(getBackend().allocF32(shapeSize(shape), false), shape);
  }

  /** A tensor filled with `value`. */
  static full(shape: readonly number[], value: number, requiresGrad = false): Tensor {
    const t = Tensor.zeros(shape, requiresGrad);
    t.data.fill(value);
    return t;
  }

  /** A tensor of ones. */
  static ones(shape: readonly number[], requiresGrad = false): Tensor {
    return Tensor.full(shape, 1, requiresGrad);
  }

  /** A rank-0 tensor holding one number. */
  static scalar(value: number, requiresGrad = false): Tensor {
    return Tensor.full([], value, requiresGrad);
  }

  /** Copies `data` (any numeric array) into a new tensor of `shape` (defaults to 1-D). */
  static from(data: ArrayLike<number>, shape?: readonly number[], requiresGrad = false): Tensor {
    const s = shape ?? [data.length];
    if (data.length !== shapeSize(s))
      throw new RangeError(`data length ${data.length} does not match shape [${s.join(',')}]`);
    const t = new Tensor(getBackend().allocF32(data.length, false), s, requiresGrad);
    t.data.set(data);
    return t;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new RangeError(`item() needs one element, tensor has ${this.size}`);
    return this.data[0];
  }

  /** Value at a multi-dimensional index. */
  get(...index: number[]): number {
    let off = 0;
    for (let d = 0; d < this.shape.length; d++) off = off * this.shape[d] + (index[d] ?? 0);
    return this.data[off];
  }

  /** Plain copy of the values (safe to keep after the tensor is disposed). */
  toArray(): Float32Array {
    return Float32Array.from(this.data);
  }

  /** A copy cut off from the tape. */
  detach(): Tensor {
    return Tensor.from(this.data, this.shape);
  }

  /**
   * Row ids (per `gather` call) of the only rows whose gradient may be non-zero, while every gradient
   * contribution since the last reset came from row gathers; null once any dense rule wrote `.grad`
   * (or before any gradient). Lets optimizers update and clear just those rows (`Adam({ lazy })`).
   */
  gradRows: Int32Array[] | null = null;

  /**
   * The gradient array, allocated (zeroed) on first use; null when this tensor takes no gradient.
   * `rows` declares that the caller adds only to those rows (row gathers), keeping `gradRows` exact.
   */
  gradBuffer(rows?: Int32Array): Float32Array | null {
    if (!this.requiresGrad) return null;
    if (this.grad === null) {
      this.grad = getBackend().allocF32(this.size);
      this.gradRows = [];
    }
    if (rows && this.gradRows) this.gradRows.push(rows);
    else this.gradRows = null;
    return this.grad;
  }

  /**
   * The gradient array for a rule that will write every element: a fresh uninitialised array
   * (`fresh` true: overwrite it) or the existing one (accumulate into it); null without grad.
   */
  gradTarget(): { grad: Float32Array; fresh: boolean } | null {
    if (!this.requiresGrad) return null;
    this.gradRows = null;
    if (this.grad !== null) return { grad: this.grad, fresh: false };
    this.grad = getBackend().allocF32(this.size, false);
    return { grad: this.grad, fresh: true };
  }

  /** Returns storage to the backend now instead of waiting for the garbage collector. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    freeF32(this.data);
    if (this.grad) freeF32(this.grad);
    this.grad = null;
    this.gradRows = null;
    this.node = null;
    this.data = new Float32Array(0);
    onDispose(this);
  }
}
