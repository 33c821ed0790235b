/** A dense row-major block of item features with a name per column (for model cards and attributions). */
export interface FeatureBlock {
  rows: number;
  cols: number;
  data: Float32Array;
  /** Column names, e.g. `genre:Drama`, `type:TV`, `episodes`, `episodes:missing`, `title:17`. */
  names: string[];
}

/** Concatenates blocks column-wise (all must have the same number of rows). */
export function concatBlocks(rows: number, blocks: readonly FeatureBlock[]): FeatureBlock {
  let cols = 0;
  for (const b of blocks) {
    if (b.rows !== rows) throw new RangeError(`feature block has ${b.rows} rows, expected ${rows}`);
    cols += b.cols;
  }
  const data = new Float32Array(rows * cols);
  let off = 0;
  for (const b of blocks) {
    for (let r = 0; r < rows; r++) data.set(b.data.subarray(r * b.cols, (r + 1) * b.cols), r * cols + off);
    off += b.cols;
  }
  return { rows, cols, data, names: blocks.flatMap((b) => b.names) };
}
