// Raw kernels of every backend at sizes that exercise SIMD tails, the wasm heap/copy paths and thread
// partitioning, against float64 references; and bit-identical results across wasm thread counts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../src/util/rng.ts';
import { jsBackend } from '../src/tensor/index.ts';
import type { Backend, UnaryKind, BinaryKind } from '../src/tensor/index.ts';
import { unaryFns } from '../src/tensor/backend/js/elementwise.ts';
import { randCsr, refGemm, refSpmm, assertClose, runSeed } from './backend.refs.ts';
import { wasmBackendsForTests } from './backend.wasm-setup.ts';

const seed = runSeed();
const rng = new Rng(seed);
const rand = (n: number, lo = -1, hi = 1): Float32Array =>
  Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform());
/** Copies `a` into backend storage when `inHeap`, else keeps a plain array (the copy-in path). */
const place = (be: Backend, a: Float32Array, inHeap: boolean): Float32Array => {
  if (!inHeap) return a.slice();
  const d = be.allocF32(a.length);
  d.set(a);
  return d;
};

const wasm = await wasmBackendsForTests();
const backends: Backend[] = [jsBackend, ...wasm];

/** Runs `f` on every backend and returns the outputs, asserting wasm outputs agree bitwise across thread counts. */
function acrossThreads(name: string, f: (be: Backend) => Float32Array): void {
  const outs = wasm.map((be) => f(be));
  for (let i = 1; i < outs.length; i++)
    assert.deepEqual(
      outs[i],
      outs[0],
      `${name}: wasm ${wasm[i].threads} threads differs from 1 thread (seed ${seed})`,
    );
}

for (const be of backends) {
  describe(`kernels on ${be.name} ×${be.threads} (seed ${seed})`, () => {
    for (const inHeap of [true, false]) {
      test(`gemm, all transposes, alpha/beta, odd sizes (heap=${inHeap})`, () => {
        for (const [tA, tB] of [
          [false, false],
          [false, true],
          [true, false],
          [true, true],
        ] as const) {
          const m = 37 + rng.int(170),
            n = 17 + rng.int(130),
            k = 9 + rng.int(80);
          const a = rand(m * k),
            b = rand(k * n),
            c0 = rand(m * n);
          const alpha = 0.5 + rng.uniform(),
            beta = rng.int(3) === 0 ? 0 : rng.uniform();
          const c = place(be, c0, inHeap);
          be.gemm(m, n, k, place(be, a, inHeap), tA, place(be, b, inHeap), tB, c, alpha, beta);
          const ref = refGemm(a, b, m, n, k, tA, tB).map((v, i) => alpha * v + beta * c0[i]);
          assertClose(c, ref, `${be.name} gemm tA=${tA} tB=${tB} ${m}x${n}x${k}`, seed, 1e-4, 1e-4);
        }
      });
      test(`packB + gemmPacked, alpha/beta, reused across products, equal to gemm (heap=${inHeap})`, () => {
        const n = 17 + rng.int(300),
          k = 9 + rng.int(80);
        const b = rand(k * n);
        const packed = be.packB(place(be, b, inHeap), k, n);
        for (let rep = 0; rep < 2; rep++) {
          const m = 1 + rng.int(90);
          const a = rand(m * k),
            c0 = rand(m * n);
          const alpha = 0.5 + rng.uniform(),
            beta = rep === 0 ? 0 : rng.uniform();
          const c = place(be, c0, inHeap);
          be.gemmPacked(m, place(be, a, inHeap), packed, c, alpha, beta);
          const ref = refGemm(a, b, m, n, k, false, false).map((v, i) => alpha * v + beta * c0[i]);
          assertClose(c, ref, `${be.name} gemmPacked ${m}x${n}x${k}`, seed, 1e-4, 1e-4);
          const viaGemm = place(be, c0, inHeap);
          be.gemm(m, n, k, place(be, a, inHeap), false, b, false, viaGemm, alpha, beta);
          if (m * n * k >= 32768)
            assert.deepEqual(c, viaGemm, `${be.name} gemmPacked equals gemm bit for bit`);
        }
        be.free(packed.data);
      });
      test(`spmm with and without values, beta 0/1, widths 64/37/3 (heap=${inHeap})`, () => {
        for (const cols of [64, 37, 3]) {
          for (const withValues of [true, false]) {
            const A = randCsr(rng, 700, 500, 6000, withValues);
            const x = rand(500 * cols),
              o0 = rand(700 * cols);
            const beta = rng.int(2);
            const out = place(be, o0, inHeap);
            be.spmm(A, place(be, x, inHeap), cols, out, beta);
            const ref = refSpmm(A, x, cols).map((v, i) => v + beta * o0[i]);
            assertClose(out, ref, `${be.name} spmm cols=${cols} values=${withValues}`, seed, 1e-4, 1e-4);
            // out = A·X + beta·C with a separate C: C is read, never written.
            const c0 = rand(700 * cols);
            const cm = place(be, c0, inHeap);
            const out2 = place(be, o0, inHeap);
            be.spmm(A, place(be, x, inHeap), cols, out2, 0.5, cm);
            assertClose(
              out2,
              refSpmm(A, x, cols).map((v, i) => v + 0.5 * c0[i]),
              `${be.name} spmm with C cols=${cols}`,
              seed,
              1e-4,
              1e-4,
            );
            assert.deepEqual(cm, c0);
            // out = diag(s)·A·X + beta·C: the row scale multiplies the product, not C; beta 0 ignores C.
            const s = rand(700, 0.1, 2);
            for (const b of [0, 0.5]) {
              const out3 = place(be, o0, inHeap);
              be.spmm(A, place(be, x, inHeap), cols, out3, b, cm, place(be, s, inHeap));
              const ref3 = refSpmm(A, x, cols).map((v, i) => s[Math.floor(i / cols)] * v + b * c0[i]);
              assertClose(
                out3,
                ref3,
                `${be.name} spmm with row scale cols=${cols} beta=${b}`,
                seed,
                1e-4,
                1e-4,
              );
            }
          }
        }
      });
      test(`fused BPR gradient and L2 on gathered rows match the js reference, widths 64/12 (heap=${inHeap})`, () => {
        for (const dim of [64, 12]) {
          const U = 50,
            I = 80,
            n = 300;
          const e = rand((U + I) * dim);
          const users = Int32Array.from({ length: n }, () => rng.int(U));
          const pos = Int32Array.from({ length: n }, () => rng.int(I));
          const neg = Int32Array.from({ length: n }, (_, k) => (k % 17 === 0 ? -1 : rng.int(I)));
          const g0 = rand((U + I) * dim);
          const got = place(be, g0, inHeap),
            want = g0.slice();
          const loss = be.bprGrad(place(be, e, inHeap), dim, users, pos, neg, U, 1 / n, got);
          const lossRef = jsBackend.bprGrad(e, dim, users, pos, neg, U, 1 / n, want);
          assert.ok(
            Math.abs(loss - lossRef) < 1e-4 * Math.abs(lossRef),
            `${be.name} bpr loss ${loss} vs ${lossRef}`,
          );
          assertClose(got, want, `${be.name} bprGrad dim=${dim}`, seed, 1e-5, 1e-4);
          // The skipped triples (neg < 0) contribute nothing: a batch of only those leaves grad unchanged.
          const none = place(be, g0, inHeap);
          assert.equal(
            be.bprGrad(e, dim, users.subarray(0, 1), pos.subarray(0, 1), neg.subarray(0, 1), U, 1, none),
            0,
          );
          assert.deepEqual(Array.from(none), Array.from(g0));
          const r = place(be, g0, inHeap),
            rRef = g0.slice();
          const sq = be.l2Rows(place(be, e, inHeap), r, dim, pos, U, 0.3, neg);
          const sqRef = jsBackend.l2Rows(e, rRef, dim, pos, U, 0.3, neg);
          assert.ok(Math.abs(sq - sqRef) < 1e-4 * sqRef, `${be.name} l2 sum ${sq} vs ${sqRef}`);
          assertClose(r, rRef, `${be.name} l2Rows dim=${dim}`, seed, 1e-5, 1e-4);
        }
      });
      test(`spmmRows and spmmTPush on a row subset, widths 64/37/3 (heap=${inHeap})`, () => {
        for (const cols of [64, 37, 3]) {
          for (const withValues of [true, false]) {
            const A = randCsr(rng, 700, 500, 6000, withValues);
            const rows = Int32Array.from(new Set(Array.from({ length: 90 }, () => rng.int(700)))).sort();
            const x = rand(500 * cols),
              o0 = rand(700 * cols);
            const beta = rng.int(2);
            const out = place(be, o0, inHeap);
            be.spmmRows(A, place(be, x, inHeap), cols, out, beta, rows);
            const full = refSpmm(A, x, cols);
            const inRows = new Set(rows);
            // Listed rows get the product, the others keep their old values exactly.
            const ref = o0.map((v, i) => (inRows.has(Math.floor(i / cols)) ? full[i] + beta * v : v));
            assertClose(out, ref, `${be.name} spmmRows cols=${cols} values=${withValues}`, seed, 1e-4, 1e-4);
            const c0 = rand(700 * cols);
            const out2 = place(be, o0, inHeap);
            be.spmmRows(A, place(be, x, inHeap), cols, out2, 1, rows, place(be, c0, inHeap));
            const ref2 = o0.map((v, i) => (inRows.has(Math.floor(i / cols)) ? full[i] + c0[i] : v));
            assertClose(out2, ref2, `${be.name} spmmRows with C cols=${cols}`, seed, 1e-4, 1e-4);
            const s = rand(700, 0.1, 2);
            const out3 = place(be, o0, inHeap);
            be.spmmRows(
              A,
              place(be, x, inHeap),
              cols,
              out3,
              1,
              rows,
              place(be, c0, inHeap),
              place(be, s, inHeap),
            );
            const ref3 = o0.map((v, i) =>
              inRows.has(Math.floor(i / cols)) ? s[Math.floor(i / cols)] * full[i] + c0[i] : v,
            );
            assertClose(out3, ref3, `${be.name} spmmRows with row scale cols=${cols}`, seed, 1e-4, 1e-4);
            // Aᵀ·(X restricted to the rows) added onto out: compare with a dense reference.
            const g = rand(700 * cols),
              p0 = rand(500 * cols);
            const pushed = place(be, p0, inHeap);
            be.spmmTPush(A, place(be, g, inHeap), cols, pushed, rows);
            const want = Float64Array.from(p0);
            for (const r of rows) {
              for (let p = A.indptr[r]; p < A.indptr[r + 1]; p++) {
                const v = A.values ? A.values[p] : 1;
                for (let j = 0; j < cols; j++) want[A.indices[p] * cols + j] += v * g[r * cols + j];
              }
            }
            assertClose(
              pushed,
              want,
              `${be.name} spmmTPush cols=${cols} values=${withValues}`,
              seed,
              1e-4,
              1e-4,
            );
          }
        }
      });
    }
    test('gather and deterministic scatter-add', () => {
      const dim = 19,
        rows = 300,
        n = 5000;
      const table = rand(rows * dim),
        src = rand(n * dim);
      const idx = Int32Array.from({ length: n }, () => rng.int(rows));
      const out = be.allocF32(n * dim);
      be.gather(table, dim, idx, out);
      for (let i = 0; i < n; i += 97)
        assert.deepEqual(
          out.subarray(i * dim, i * dim + dim),
          table.subarray(idx[i] * dim, idx[i] * dim + dim),
        );
      const acc = be.allocF32(rows * dim);
      be.scatterAdd(src, dim, idx, acc);
      const ref = new Float64Array(rows * dim);
      for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) ref[idx[i] * dim + j] += src[i * dim + j];
      assertClose(acc, ref, `${be.name} scatterAdd`, seed, 1e-4, 1e-4);
    });
    test('unary, binary, axpy, scale, rowDot on long arrays with SIMD tails', () => {
      const n = 100_003;
      const kinds: UnaryKind[] = [
        'relu',
        'sigmoid',
        'tanh',
        'exp',
        'log',
        'logSigmoid',
        'neg',
        'sqrt',
        'square',
        'abs',
      ];
      for (const kind of kinds) {
        const x = kind === 'log' || kind === 'sqrt' ? rand(n, 0.01, 5) : rand(n, -10, 10);
        const out = be.allocF32(n);
        be.unary(kind, place(be, x, true), out);
        assertClose(out, Float64Array.from(x, unaryFns[kind]), `${be.name} unary ${kind}`, seed, 1e-5, 1e-6);
      }
      const a = rand(n),
        b = rand(n, 0.5, 2);
      for (const kind of ['add', 'sub', 'mul', 'div'] as BinaryKind[]) {
        const out = be.allocF32(n);
        be.binary(kind, a, b, out);
        const f = {
          add: (x: number, y: number) => x + y,
          sub: (x: number, y: number) => x - y,
          mul: (x: number, y: number) => x * y,
          div: (x: number, y: number) => x / y,
        }[kind];
        assertClose(
          out,
          Float64Array.from(a, (v, i) => f(v, b[i])),
          `${be.name} binary ${kind}`,
          seed,
          1e-6,
          1e-7,
        );
      }
      const y = place(be, b, true);
      be.axpy(-0.75, a, y);
      assertClose(
        y,
        Float64Array.from(b, (v, i) => v - 0.75 * a[i]),
        `${be.name} axpy`,
        seed,
        1e-6,
        1e-6,
      );
      const sc = be.allocF32(n, false);
      be.scale(1.5, a, sc);
      assertClose(
        sc,
        Float64Array.from(a, (v) => 1.5 * v),
        `${be.name} scale`,
        seed,
        1e-6,
        1e-7,
      );
      const dim = 67,
        rows = 1500;
      const p = rand(rows * dim),
        q = rand(rows * dim);
      const rd = be.allocF32(rows);
      be.rowDot(p, q, dim, rd);
      const ref = Float64Array.from({ length: rows }, (_, r) => {
        let s = 0;
        for (let j = 0; j < dim; j++) s += p[r * dim + j] * q[r * dim + j];
        return s;
      });
      assertClose(rd, ref, `${be.name} rowDot`, seed, 1e-4, 1e-5);
    });
    test('topk matches a full sort (ties, −∞, NaN) on long rows', () => {
      const rows = 37,
        m = 3001,
        k = 25;
      const x = Float32Array.from({ length: rows * m }, () => {
        const u = rng.int(50);
        return u === 0 ? NaN : u === 1 ? -Infinity : rng.int(400) / 4;
      });
      const vals = be.allocF32(rows * k);
      const idx = new Int32Array(rows * k);
      be.topk(place(be, x, true), rows, m, k, vals, idx);
      for (let r = 0; r < rows; r++) {
        const key = (j: number): number => (Number.isNaN(x[r * m + j]) ? -Infinity : x[r * m + j]);
        const want = Array.from({ length: m }, (_, j) => j)
          .sort((a, b) => key(b) - key(a) || a - b)
          .slice(0, k);
        assert.deepEqual(
          Array.from(idx.subarray(r * k, r * k + k)),
          want,
          `${be.name} topk row ${r} (seed ${seed})`,
        );
        assert.deepEqual(
          Array.from(vals.subarray(r * k, r * k + k)),
          want.map(key),
          `${be.name} topk values row ${r}`,
        );
      }
    });
    test('adamStep matches the float64 update', () => {
      const n = 50_001;
      for (const decoupled of [false, true]) {
        const p0 = rand(n),
          g = rand(n),
          m0 = rand(n, -0.1, 0.1),
          v0 = rand(n, 0, 0.1);
        const p = place(be, p0, true),
          m = place(be, m0, true),
          v = place(be, v0, true);
        const hp = {
          lr: 0.01,
          beta1: 0.9,
          beta2: 0.999,
          eps: 1e-8,
          weightDecay: 0.01,
          decoupled,
          bc1: 1 - 0.9 ** 3,
          bc2: 1 - 0.999 ** 3,
        };
        be.adamStep(p, g, m, v, hp);
        const ref = Float64Array.from(p0, (x, i) => {
          const gi = g[i] + (decoupled ? 0 : 0.01 * x);
          const mi = 0.9 * m0[i] + 0.1 * gi;
          const vi = 0.999 * v0[i] + 0.001 * gi * gi;
          return x - 0.01 * (mi / hp.bc1 / (Math.sqrt(vi / hp.bc2) + 1e-8) + (decoupled ? 0.01 * x : 0));
        });
        assertClose(p, ref, `${be.name} adam decoupled=${decoupled}`, seed, 1e-4, 1e-5);
      }
      const dim = 13,
        rowsN = 2000;
      const rows = Int32Array.from(new Set(Array.from({ length: 700 }, () => rng.int(rowsN)))).sort();
      const p0 = rand(rowsN * dim),
        g = rand(rowsN * dim),
        m0 = rand(rowsN * dim, -0.1, 0.1),
        v0 = rand(rowsN * dim, 0, 0.1);
      const hp = {
        lr: 0.01,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        weightDecay: 0,
        decoupled: false,
        bc1: 0.1,
        bc2: 0.001,
      };
      const want = [p0.slice(), m0.slice(), v0.slice()];
      jsBackend.adamRows(want[0], g, want[1], want[2], dim, rows, hp);
      const got = [place(be, p0, true), place(be, m0, true), place(be, v0, true)];
      be.adamRows(got[0], place(be, g, true), got[1], got[2], dim, rows, hp);
      for (let i = 0; i < 3; i++)
        assertClose(got[i], want[i], `${be.name} adamRows array ${i}`, seed, 1e-5, 1e-6);
      const untouched = Array.from({ length: rowsN }, (_, r) => r).find((r) => !rows.includes(r)) ?? 0;
      assert.deepEqual(
        got[0].subarray(untouched * dim, untouched * dim + dim),
        p0.subarray(untouched * dim, untouched * dim + dim),
      );
    });
  });
}

describe(`wasm results do not depend on the thread count (seed ${seed})`, { skip: wasm.length < 2 }, () => {
  test('gemm, spmm (full, row subset, transposed push) and scatter-add are bit-identical across thread counts', () => {
    const m = 203,
      n = 177,
      k = 64;
    const a = rand(m * k),
      b = rand(n * k);
    acrossThreads('gemm', (be) => {
      const c = be.allocF32(m * n);
      be.gemm(m, n, k, a, false, b, true, c, 1, 0);
      return c.slice();
    });
    const bk = rand(k * n);
    acrossThreads('gemmPacked', (be) => {
      const c = be.allocF32(m * n);
      be.gemmPacked(m, a, be.packB(bk, k, n), c, 1, 0);
      return c.slice();
    });
    const A = randCsr(rng, 3000, 2000, 40_000, true);
    const x = rand(2000 * 64);
    acrossThreads('spmm', (be) => {
      const o = be.allocF32(3000 * 64);
      be.spmm(A, x, 64, o, 0);
      return o.slice();
    });
    const s = rand(3000, 0.1, 2),
      c = rand(3000 * 64);
    acrossThreads('spmm row scale', (be) => {
      const o = be.allocF32(3000 * 64);
      be.spmm(A, x, 64, o, 1, c, s);
      return o.slice();
    });
    const rows = Int32Array.from(new Set(Array.from({ length: 400 }, () => rng.int(3000)))).sort();
    acrossThreads('spmmRows', (be) => {
      const o = be.allocF32(3000 * 64);
      be.spmmRows(A, x, 64, o, 0, rows);
      return o.slice();
    });
    const g = rand(3000 * 64);
    acrossThreads('spmmTPush', (be) => {
      const o = be.allocF32(2000 * 64);
      be.spmmTPush(A, g, 64, o, rows);
      return o.slice();
    });
    const idx = Int32Array.from({ length: 20_000 }, () => rng.int(500));
    const src = rand(20_000 * 16);
    acrossThreads('scatterAdd', (be) => {
      const o = be.allocF32(500 * 16);
      be.scatterAdd(src, 16, idx, o);
      return o.slice();
    });
  });
});
