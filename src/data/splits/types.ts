/** A train/validation/test partition of interaction indices (each part sorted ascending; `val` may be empty). */
export interface Split {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/** Fractions of train, validation and test; they are normalised to sum to 1. */
export type SplitRatios = readonly [number, number, number];

/** Default 80/10/10 ratios. */
export const DEFAULT_RATIOS: SplitRatios = [0.8, 0.1, 0.1];
