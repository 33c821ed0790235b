/** NumPy-style broadcast of two shapes; throws on incompatible dimensions. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new RangeError(`cannot broadcast [${a.join(',')}] with [${b.join(',')}]`);
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` laid against `out`, 0 where `shape` is broadcast. */
function alignedStrides(shape: readonly number[], out: readonly number[]): number[] {
  const st = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const oi = out.length - shape.length + i;
    st[oi] = shape[i] === 1 && out[oi] !== 1 ? 0 : s;
    s *= shape[i];
  }
  return st;
}

/**
 * Visits every element of `out` with the flat offsets of both broadcast operands. The last axis is
 * walked in a tight loop so row-broadcasts (bias adds) cost about as much as same-shape ops.
 */
export function forEachBroadcast(
  aShape: readonly number[],
  bShape: readonly number[],
  out: readonly number[],
  f: (o: number, ia: number, ib: number) => void,
): void {
  const rank = out.length;
  if (rank === 0) {
    f(0, 0, 0);
    return;
  }
  const sa = alignedStrides(aShape, out);
  const sb = alignedStrides(bShape, out);
  const last = out[rank - 1];
  const la = sa[rank - 1];
  const lb = sb[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let total = 1;
  for (const d of out) total *= d;
  let ia = 0,
    ib = 0;
  for (let o = 0; o < total; o += last) {
    for (let j = 0; j < last; j++) f(o + j, ia + j * la, ib + j * lb);
    // Odometer over the outer axes.
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      ia += sa[d];
      ib += sb[d];
      if (idx[d] < out[d]) break;
      ia -= sa[d] * out[d];
      ib -= sb[d] * out[d];
      idx[d] = 0;
    }
  }
}

/** Sums a gradient of shape `gShape` down to `shape` (the inverse of broadcasting). */
export function reduceTo(g: Float32Array, gShape: readonly number[], shape: readonly number[]): Float32Array {
  let size = 1;
  for (const d of shape) size *= d;
  if (size === g.length) return g;
  const out = new Float32Array(size);
  forEachBroadcast(gShape, shape, gShape, (o, _ia, ib) => {
    out[ib] += g[o];
  });
  return out;
}

/** Number of elements of a shape. */
export function shapeSizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Whether two shapes are identical. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Resolves a possibly negative axis against a rank. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1)) throw new RangeError(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

/** Splits a shape around `axis` into (outer, axis length, inner) element counts. */
export function aroundAxis(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1,
    inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis] ?? 1, inner];
}

/**
 * How an operand of `shape` maps onto a broadcast output: `same`; `scalar`; `tile` (the operand is the
 * trailing block, repeated `reps` times: a bias row); `runs` (each element repeated `run` times in a
 * row: a column vector); or `generic`. The first four have tight loops; `generic` goes element-wise.
 */
export type BroadcastPattern =
  | { kind: 'same' }
  | { kind: 'scalar' }
  | { kind: 'tile'; reps: number; len: number }
  | { kind: 'runs'; n: number; run: number }
  | { kind: 'generic' };

/** Classifies how `shape` broadcasts to `out` (see `BroadcastPattern`). */
export function broadcastPattern(shape: readonly number[], out: readonly number[]): BroadcastPattern {
  const groups: Array<['k' | 'b', number]> = [];
  for (let i = 0; i < out.length; i++) {
    const d = shape[shape.length - out.length + i] ?? 1;
    if (out[i] === 1) continue;
    const flag = d === out[i] ? 'k' : 'b';
    const last = groups[groups.length - 1];
    if (last && last[0] === flag) last[1] *= out[i];
    else groups.push([flag, out[i]]);
  }
  const sig = groups.map((g) => g[0]).join('');
  if (sig === '' || sig === 'k') return { kind: 'same' };
  if (sig === 'b') return { kind: 'scalar' };
  if (sig === 'bk') return { kind: 'tile', reps: groups[0][1], len: groups[1][1] };
  if (sig === 'kb') return { kind: 'runs', n: groups[0][1], run: groups[1][1] };
  return { kind: 'generic' };
}

/** Writes `data` (of `shape`) broadcast to `out` shape into `dst`. */
export function expandInto(
  data: Float32Array,
  shape: readonly number[],
  out: readonly number[],
  dst: Float32Array,
): void {
  const p = broadcastPattern(shape, out);
  switch (p.kind) {
    case 'same':
      dst.set(data.subarray(0, dst.length));
      return;
    case 'scalar':
      dst.fill(data[0]);
      return;
    case 'tile':
      for (let r = 0; r < p.reps; r++) dst.set(data.subarray(0, p.len), r * p.len);
      return;
    case 'runs':
      for (let i = 0; i < p.n; i++) dst.fill(data[i], i * p.run, (i + 1) * p.run);
      return;
    default:
      forEachBroadcast(shape, out, out, (o, ia) => {
        dst[o] = data[ia];
      });
  }
}

/** Sums `g` (of shape `gShape`) down to `shape` into a new array (or returns `g` when shapes match). */
export function reduceToFast(
  g: Float32Array,
  gShape: readonly number[],
  shape: readonly number[],
): Float32Array {
  const p = broadcastPattern(shape, gShape);
  let size = 1;
  for (const d of shape) size *= d;
  switch (p.kind) {
    case 'same':
      return g;
    case 'scalar': {
      let s = 0;
      for (let i = 0; i < g.length; i++) s += g[i];
      return Float32Array.of(s);
    }
    case 'tile': {
      // Accumulate in float64 so long columns (many rows) keep float32 accuracy.
      const acc = new Float64Array(p.len);
      for (let r = 0; r < p.reps; r++) {
        const o = r * p.len;
        for (let j = 0; j < p.len; j++) acc[j] += g[o + j];
      }
      return Float32Array.from(acc);
    }
    case 'runs': {
      const out = new Float32Array(size);
      for (let i = 0; i < p.n; i++) {
        let s = 0;
        for (let j = i * p.run; j < (i + 1) * p.run; j++) s += g[j];
        out[i] = s;
      }
      return out;
    }
    default:
      return reduceTo(g, gShape, shape);
  }
}
