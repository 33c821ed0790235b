import type { Rng } from '../util/rng.ts';

/** Fills a fresh array for a parameter of `shape` ([in, out] for weights, [num, dim] for embeddings). */
export type Initializer = (shape: readonly number[]) => Float32Array;

function fans(shape: readonly number[]): [number, number] {
  if (shape.length < 2) return [shape[0] ?? 1, shape[0] ?? 1];
  return [shape[0], shape[1]];
}

function sized(shape: readonly number[]): Float32Array {
  return new Float32Array(shape.reduce((a, b) => a * b, 1));
}

/** Fills a fresh array with draws of `f` (a plain loop: TypedArray.map is slow for millions of rows). */
function fill(shape: readonly number[], f: () => number): Float32Array {
  const a = sized(shape);
  for (let i = 0; i < a.length; i++) a[i] = f();
  return a;
}

/** N(mean, std²) entries (LightGCN uses std 0.1). */
export function normal(rng: Rng, std = 0.1, mean = 0): Initializer {
  return (shape) => fill(shape, () => rng.normal(mean, std));
}

/** U(low, high) entries. */
export function uniform(rng: Rng, low: number, high: number): Initializer {
  return (shape) => fill(shape, () => low + (high - low) * rng.uniform());
}

/** Xavier/Glorot uniform: U(±gain·√(6/(fanIn+fanOut))). */
export function xavierUniform(rng: Rng, gain = 1): Initializer {
  return (shape) => {
    const [fi, fo] = fans(shape);
    const b = gain * Math.sqrt(6 / (fi + fo));
    return fill(shape, () => (2 * rng.uniform() - 1) * b);
  };
}

/** Kaiming/He uniform for leaky-ReLU slope `a` (PyTorch's Linear default uses a = √5): U(±√(6/((1+a²)·fanIn))). */
export function kaimingUniform(rng: Rng, a = Math.sqrt(5)): Initializer {
  return (shape) => {
    const [fi] = fans(shape);
    const b = Math.sqrt(6 / ((1 + a * a) * fi));
    return fill(shape, () => (2 * rng.uniform() - 1) * b);
  };
}

/** All zeros. */
export function zerosInit(): Initializer {
  return (shape) => sized(shape);
}
