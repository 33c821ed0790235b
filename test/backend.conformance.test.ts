// Every op on every backend against float64 references, plus finite-difference gradient checks,
// on fresh random inputs each run (set GNNREC_SEED to replay a failure).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../src/util/rng.ts';
import * as T from '../src/tensor/index.ts';
import type { Backend, Tensor } from '../src/tensor/index.ts';
import { jsBackend, useBackend, SparseMatrix } from '../src/tensor/index.ts';
import { unaryFns } from '../src/tensor/backend/js/elementwise.ts';
import { bprLoss, mseLoss, weightedMseLoss, bceWithLogits } from '../src/nn/index.ts';
import {
  randT,
  randAwayFromZero,
  randCsr,
  randIndptr,
  refGemm,
  refSpmm,
  assertClose,
  runSeed,
} from './backend.refs.ts';
import { gradCheck } from './backend.gradcheck.ts';
import { wasmBackendsForTests } from './backend.wasm-setup.ts';

const seed = runSeed();
const rng = new Rng(seed);

interface OpCase {
  name: string;
  inputs: () => Tensor[];
  fn: (ts: Tensor[]) => Tensor;
  ref: (ts: Tensor[]) => ArrayLike<number>;
  /** Skip the gradient check (non-differentiable or no gradient). */
  noGrad?: boolean;
  rtol?: number;
}

const d64 = (t: Tensor): Float64Array => Float64Array.from(t.data);
const mapRef =
  (f: (x: number) => number) =>
  (ts: Tensor[]): Float64Array =>
    d64(ts[0]).map(f);

function broadcastRef(a: Tensor, b: Tensor, f: (x: number, y: number) => number): Float64Array {
  const shape = T.broadcastShape(a.shape, b.shape);
  const n = shape.reduce((x, y) => x * y, 1);
  const out = new Float64Array(n);
  const at = (t: Tensor, idx: number[]): number => {
    let off = 0;
    const r = t.shape.length;
    for (let d = 0; d < r; d++) {
      const i = idx[shape.length - r + d];
      off = off * t.shape[d] + (t.shape[d] === 1 ? 0 : i);
    }
    return t.data[off];
  };
  for (let o = 0; o < n; o++) {
    const idx: number[] = [];
    let rem = o;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem = Math.floor(rem / shape[d]);
    }
    out[o] = f(at(a, idx), at(b, idx));
  }
  return out;
}

function cases(): OpCase[] {
  const out: OpCase[] = [];
  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      const m = 5 + rng.int(9),
        n = 3 + rng.int(11),
        k = 1 + rng.int(13);
      out.push({
        name: `matmul transA=${tA} transB=${tB} ${m}x${n}x${k}`,
        inputs: () => [randT(rng, tA ? [k, m] : [m, k]), randT(rng, tB ? [n, k] : [k, n])],
        fn: ([a, b]) => T.matmul(a, b, { transA: tA, transB: tB }),
        ref: ([a, b]) => refGemm(a.data, b.data, m, n, k, tA, tB),
      });
    }
  }
  const shapePairs: Array<[number[], number[]]> = [
    [
      [3, 4],
      [3, 4],
    ],
    [[3, 4], [4]],
    [
      [3, 1],
      [1, 4],
    ],
    [
      [2, 3, 4],
      [3, 1],
    ],
    [[5], []],
    [[37], [37]],
  ];
  const bin: Array<[string, (a: Tensor, b: Tensor) => Tensor, (x: number, y: number) => number]> = [
    ['add', T.add, (x, y) => x + y],
    ['sub', T.sub, (x, y) => x - y],
    ['mul', T.mul, (x, y) => x * y],
    ['div', T.div, (x, y) => x / y],
  ];
  for (const [name, f, r] of bin) {
    for (const [sa, sb] of shapePairs) {
      out.push({
        name: `${name} [${sa}]∘[${sb}]`,
        inputs: () => [randT(rng, sa), name === 'div' ? randT(rng, sb, 0.5, 1.5) : randT(rng, sb)],
        fn: ([a, b]) => f(a, b),
        ref: ([a, b]) => broadcastRef(a, b, r),
      });
    }
  }
  const s = rng.uniform() * 4 - 2;
  out.push({
    name: 'scale',
    inputs: () => [randT(rng, [4, 5])],
    fn: ([a]) => T.scale(a, s),
    ref: mapRef((x) => s * x),
  });
  const un: Array<[string, (x: Tensor) => Tensor, (x: number) => number, () => Tensor]> = [
    ['relu', T.relu, unaryFns.relu, () => randAwayFromZero(rng, [6, 7])],
    [
      'leakyRelu',
      (x) => T.leakyRelu(x, 0.2),
      (x) => (x > 0 ? x : 0.2 * x),
      () => randAwayFromZero(rng, [6, 7]),
    ],
    ['sigmoid', T.sigmoid, (x) => 1 / (1 + Math.exp(-x)), () => randT(rng, [6, 7], -6, 6)],
    ['tanh', T.tanh, Math.tanh, () => randT(rng, [6, 7], -3, 3)],
    ['logSigmoid', T.logSigmoid, (x) => -Math.log1p(Math.exp(-x)), () => randT(rng, [6, 7], -8, 8)],
    ['exp', T.exp, Math.exp, () => randT(rng, [6, 7], -2, 2)],
    ['log', T.log, Math.log, () => randT(rng, [6, 7], 0.5, 3)],
    ['sqrt', T.sqrt, Math.sqrt, () => randT(rng, [6, 7], 0.5, 3)],
    ['square', T.square, (x) => x * x, () => randT(rng, [6, 7])],
    ['neg', T.neg, (x) => -x, () => randT(rng, [6, 7])],
    [
      'clamp',
      (x) => T.clamp(x, -0.5, 0.5),
      (x) => Math.min(0.5, Math.max(-0.5, x)),
      () => awayFrom(randT(rng, [6, 7]), [-0.5, 0.5]),
    ],
  ];
  for (const [name, f, r, mk] of un)
    out.push({ name, inputs: () => [mk()], fn: ([a]) => f(a), ref: mapRef(r), rtol: 1e-5 });
  const sumRef = (t: Tensor, axis?: number, meanOf = false): Float64Array => {
    if (axis === undefined) {
      const s2 = d64(t).reduce((a, b) => a + b, 0);
      return Float64Array.of(meanOf ? s2 / t.size : s2);
    }
    const outer = t.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const len = t.shape[axis];
    const inner = t.size / outer / len;
    const o = new Float64Array(outer * inner);
    for (let i = 0; i < outer; i++)
      for (let l = 0; l < len; l++)
        for (let j = 0; j < inner; j++) o[i * inner + j] += t.data[(i * len + l) * inner + j];
    return meanOf ? o.map((v) => v / len) : o;
  };
  for (const [shape, axis] of [
    [[4, 5], undefined],
    [[4, 5], 0],
    [[4, 5], 1],
    [[2, 3, 4], 1],
    [[2, 3, 4], -1],
  ] as Array<[number[], number | undefined]>) {
    out.push({
      name: `sum axis=${axis} [${shape}]`,
      inputs: () => [randT(rng, shape)],
      fn: ([a]) => T.sum(a, axis),
      ref: ([a]) => sumRef(a, axis === -1 ? 2 : axis),
    });
    out.push({
      name: `mean axis=${axis} [${shape}]`,
      inputs: () => [randT(rng, shape)],
      fn: ([a]) => T.mean(a, axis),
      ref: ([a]) => sumRef(a, axis === -1 ? 2 : axis, true),
    });
  }
  out.push({
    name: 'concat axis 0',
    inputs: () => [randT(rng, [2, 3]), randT(rng, [4, 3])],
    fn: (ts) => T.concat(ts, 0),
    ref: ([a, b]) => Float64Array.from([...a.data, ...b.data]),
  });
  out.push({
    name: 'concat axis 1',
    inputs: () => [randT(rng, [3, 2]), randT(rng, [3, 1])],
    fn: (ts) => T.concat(ts, 1),
    ref: ([a, b]) =>
      Float64Array.from([0, 1, 2].flatMap((r) => [a.data[r * 2], a.data[r * 2 + 1], b.data[r]])),
  });
  out.push({
    name: 'slice rows',
    inputs: () => [randT(rng, [6, 3])],
    fn: ([a]) => T.slice(a, 2, 5),
    ref: ([a]) => d64(a).slice(6, 15),
  });
  out.push({
    name: 'slice axis 1',
    inputs: () => [randT(rng, [3, 4])],
    fn: ([a]) => T.slice(a, 1, 3, 1),
    ref: ([a]) => Float64Array.from([0, 1, 2].flatMap((r) => [a.data[r * 4 + 1], a.data[r * 4 + 2]])),
  });
  out.push({
    name: 'split [2,4] second piece',
    inputs: () => [randT(rng, [6, 2])],
    fn: ([a]) => T.split(a, [2, 4])[1],
    ref: ([a]) => d64(a).slice(4),
  });
  out.push({
    name: 'reshape',
    inputs: () => [randT(rng, [6, 2])],
    fn: ([a]) => T.reshape(a, [3, -1]),
    ref: ([a]) => d64(a),
  });
  out.push({
    name: 'transpose',
    inputs: () => [randT(rng, [3, 5])],
    fn: ([a]) => T.transpose(a),
    ref: ([a]) => Float64Array.from({ length: 15 }, (_, i) => a.data[(i % 3) * 5 + Math.floor(i / 3)]),
  });
  const gidx = Int32Array.from({ length: 17 }, () => rng.int(7));
  out.push({
    name: 'gather (repeated ids)',
    inputs: () => [randT(rng, [7, 5])],
    fn: ([a]) => T.gather(a, gidx),
    ref: ([a]) =>
      Float64Array.from(Array.from(gidx).flatMap((i) => Array.from(a.data.subarray(i * 5, i * 5 + 5)))),
  });
  for (const withValues of [true, false]) {
    const csr = randCsr(rng, 23, 19, 90, withValues);
    const A = new SparseMatrix(csr);
    out.push({
      name: `spmm values=${withValues}`,
      inputs: () => [randT(rng, [19, 6])],
      fn: ([x]) => T.spmm(A, x),
      ref: ([x]) => refSpmm(csr, x.data, 6),
    });
    out.push({
      name: `spmm 1-D values=${withValues}`,
      inputs: () => [randT(rng, [19])],
      fn: ([x]) => T.spmm(A, x),
      ref: ([x]) => refSpmm(csr, x.data, 1),
    });
  }
  const rows = 20,
    w = 3;
  const ptr = randIndptr(rng, rows, 7);
  const segRef = (x: Tensor, f: (vals: number[]) => number): Float64Array => {
    const o: number[] = [];
    for (let s2 = 0; s2 + 1 < ptr.length; s2++) {
      for (let j = 0; j < w; j++) {
        const vals: number[] = [];
        for (let r = ptr[s2]; r < ptr[s2 + 1]; r++) vals.push(x.data[r * w + j]);
        o.push(vals.length === 0 ? 0 : f(vals));
      }
    }
    return Float64Array.from(o);
  };
  out.push({
    name: 'segmentSum',
    inputs: () => [randT(rng, [rows, w])],
    fn: ([x]) => T.segmentSum(x, ptr),
    ref: ([x]) => segRef(x, (v) => v.reduce((a, b) => a + b, 0)),
  });
  out.push({
    name: 'segmentMean',
    inputs: () => [randT(rng, [rows, w])],
    fn: ([x]) => T.segmentMean(x, ptr),
    ref: ([x]) => segRef(x, (v) => v.reduce((a, b) => a + b, 0) / v.length),
  });
  out.push({
    name: 'segmentMax',
    inputs: () => [Tensor_distinct(rows * w, [rows, w])],
    fn: ([x]) => T.segmentMax(x, ptr),
    ref: ([x]) => segRef(x, (v) => Math.max(...v)),
  });
  out.push({
    name: 'segmentSoftmax',
    inputs: () => [randT(rng, [rows, w], -2, 2)],
    fn: ([x]) => T.segmentSoftmax(x, ptr),
    ref: ([x]) => {
      const o = new Float64Array(x.size);
      for (let s2 = 0; s2 + 1 < ptr.length; s2++) {
        for (let j = 0; j < w; j++) {
          let z = 0;
          for (let r = ptr[s2]; r < ptr[s2 + 1]; r++) z += Math.exp(x.data[r * w + j]);
          for (let r = ptr[s2]; r < ptr[s2 + 1]; r++) o[r * w + j] = Math.exp(x.data[r * w + j]) / z;
        }
      }
      return o;
    },
  });
  out.push({
    name: 'topk values',
    inputs: () => [Tensor_distinct(4 * 9, [4, 9])],
    fn: ([x]) => T.topk(x, 3).values,
    ref: ([x]) =>
      Float64Array.from(
        [0, 1, 2, 3].flatMap((r) =>
          Array.from(x.data.subarray(r * 9, r * 9 + 9))
            .sort((a, b) => b - a)
            .slice(0, 3),
        ),
      ),
  });
  const rd = (a: Tensor, b: Tensor): Float64Array =>
    Float64Array.from({ length: a.shape[0] }, (_, r) => {
      let s2 = 0;
      for (let j = 0; j < a.shape[1]; j++) s2 += a.data[r * a.shape[1] + j] * b.data[r * a.shape[1] + j];
      return s2;
    });
  out.push({
    name: 'rowDot',
    inputs: () => [randT(rng, [9, 13]), randT(rng, [9, 13])],
    fn: ([a, b]) => T.rowDot(a, b),
    ref: ([a, b]) => rd(a, b),
  });
  out.push({
    name: 'rowNorm',
    inputs: () => [randT(rng, [9, 5])],
    fn: ([a]) => T.rowNorm(a),
    ref: ([a]) => rd(a, a).map(Math.sqrt),
  });
  out.push({
    name: 'l2Normalize',
    inputs: () => [randT(rng, [9, 5])],
    fn: ([a]) => T.l2Normalize(a),
    ref: ([a]) => {
      const n = rd(a, a).map(Math.sqrt);
      return d64(a).map((v, i) => v / n[Math.floor(i / 5)]);
    },
  });
  const y = Float32Array.from({ length: 11 }, () => rng.int(2));
  const wts = Float32Array.from({ length: 11 }, () => rng.uniform() * 2);
  out.push({
    name: 'bprLoss',
    inputs: () => [randT(rng, [11], -3, 3), randT(rng, [11], -3, 3)],
    fn: ([p, n]) => bprLoss(p, n),
    ref: ([p, n]) => [
      Array.from(p.data).reduce((acc, v, i) => acc + Math.log1p(Math.exp(-(v - n.data[i]))), 0) / 11,
    ],
  });
  out.push({
    name: 'mseLoss',
    inputs: () => [randT(rng, [11]), randT(rng, [11], -1, 1, false)],
    fn: ([p, t]) => mseLoss(p, t),
    ref: ([p, t]) => [Array.from(p.data).reduce((acc, v, i) => acc + (v - t.data[i]) ** 2, 0) / 11],
  });
  out.push({
    name: 'weightedMseLoss',
    inputs: () => [randT(rng, [11]), randT(rng, [11], -1, 1, false)],
    fn: ([p, t]) => weightedMseLoss(p, t, wts),
    ref: ([p, t]) => [
      Array.from(p.data).reduce((acc, v, i) => acc + wts[i] * (v - t.data[i]) ** 2, 0) /
        wts.reduce((a, b) => a + b, 0),
    ],
  });
  out.push({
    name: 'bceWithLogits',
    inputs: () => [randT(rng, [11], -5, 5)],
    fn: ([x]) => bceWithLogits(x, y),
    ref: ([x]) => [
      Array.from(x.data).reduce(
        (acc, v, i) =>
          acc - (y[i] * Math.log(1 / (1 + Math.exp(-v))) + (1 - y[i]) * Math.log(1 - 1 / (1 + Math.exp(-v)))),
        0,
      ) / 11,
    ],
  });
  return out;
}

/** Moves entries within 0.05 of any kink to the middle of the interval, so differences stay smooth. */
function awayFrom(t: Tensor, kinks: number[]): Tensor {
  for (let i = 0; i < t.size; i++) if (kinks.some((k) => Math.abs(t.data[i] - k) < 0.05)) t.data[i] = 0.1;
  return t;
}

/** Values spaced ≥ 0.05 apart in random order, so max/top-k have no near-ties for finite differences. */
function Tensor_distinct(n: number, shape: number[]): Tensor {
  const vals = rng.shuffle(Float32Array.from({ length: n }, (_, i) => (i - n / 2) * 0.05));
  return T.Tensor.from(vals, shape, true);
}

const backends: Backend[] = [jsBackend, ...(await wasmBackendsForTests())];

for (const be of backends) {
  describe(`backend ${be.name} (threads ${be.threads}, seed ${seed})`, () => {
    before(() => useBackend(be));
    after(() => useBackend(jsBackend));
    for (const c of cases()) {
      test(c.name, () => {
        const ins = c.inputs();
        const got = c.fn(ins);
        assertClose(got.data, c.ref(ins), `${be.name} ${c.name} forward`, seed, c.rtol ?? 1e-4, 1e-5);
        if (!c.noGrad) gradCheck(`${be.name} ${c.name}`, c.fn, ins, seed);
      });
    }
    test('topk indices, ties by lower index, k > width', () => {
      const x = T.Tensor.from([1, 3, 3, 2, 0, 5], [2, 3]);
      const r = T.topk(x, 2);
      assert.deepEqual(Array.from(r.indices), [1, 2, 2, 0]);
      assert.deepEqual(Array.from(T.topk(x, 9).indices), [1, 2, 0, 2, 0, 1]);
    });
    test('dropout: same seed same mask, survivors scaled', () => {
      const x = T.Tensor.ones([1000]);
      const a = T.dropout(x, 0.3, new Rng(seed));
      const b = T.dropout(x, 0.3, new Rng(seed));
      assert.deepEqual(a.data, b.data);
      const kept = a.data.filter((v) => v !== 0);
      assert.ok(kept.length > 600 && kept.length < 800, `kept ${kept.length} (seed ${seed})`);
      assert.ok(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6));
    });
  });
}
