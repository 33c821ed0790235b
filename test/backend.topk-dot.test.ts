// `topkDot` on every backend against a brute-force ranking (float32 scores in p order, full sort), on inputs built
// to break a bound-and-verify kernel: skewed norms (pruning), exact ties, exclusions, k > n, odd widths, values the
// int16 codes cannot bound (NaN, huge), and agreement with the wasm gemm's scores.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../src/util/rng.ts';
import { jsBackend } from '../src/tensor/index.ts';
import type { Backend } from '../src/tensor/index.ts';
import { csrFromCoo, type Csr } from '../src/tensor/csr.ts';
import { runSeed } from './backend.refs.ts';
import { wasmBackendsForTests } from './backend.wasm-setup.ts';

const seed = runSeed();
const rng = new Rng(seed);
const wasm = await wasmBackendsForTests();

interface Case {
  name: string;
  rows: number;
  n: number;
  dim: number;
  k: number;
  q: Float32Array;
  items: Float32Array;
  exclude: Csr;
}

/** The k best columns per row by (score desc, column asc), excluded / NaN / −∞ dropped, −1/−∞ padded. */
function bruteForce(c: Case): { idx: Int32Array; val: Float32Array } {
  const idx = new Int32Array(c.rows * c.k).fill(-1);
  const val = new Float32Array(c.rows * c.k).fill(-Infinity);
  for (let r = 0; r < c.rows; r++) {
    const ex = new Set(c.exclude.indices.subarray(c.exclude.indptr[r], c.exclude.indptr[r + 1]));
    const s: Array<[number, number]> = [];
    for (let j = 0; j < c.n; j++) {
      let v = 0;
      for (let p = 0; p < c.dim; p++)
        v = Math.fround(v + Math.fround(c.q[r * c.dim + p] * c.items[j * c.dim + p]));
      if (!ex.has(j) && v === v && v !== -Infinity) s.push([v, j]);
    }
    s.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    s.slice(0, c.k).forEach(([v, j], t) => {
      idx[r * c.k + t] = j;
      val[r * c.k + t] = v;
    });
  }
  return { idx, val };
}

function randExclude(rows: number, n: number, perRow: number, allButFive = false): Csr {
  const r: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < rows; i++)
    for (let t = 0; t < perRow; t++) {
      r.push(i);
      c.push(rng.int(n));
    }
  if (allButFive)
    for (let j = 5; j < n; j++) {
      r.push(0);
      c.push(j);
    }
  return csrFromCoo(rows, n, Int32Array.from(r), Int32Array.from(c));
}

function cases(): Case[] {
  const out: Case[] = [];
  // Popularity-like norms: a few long item vectors and a long tail, so a row group stops early.
  {
    const rows = 301,
      n = 5003,
      dim = 64,
      k = 20;
    const items = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const scale = 3 / (1 + rng.int(n) / 50);
      for (let p = 0; p < dim; p++) items[i * dim + p] = scale * rng.normal();
    }
    const q = Float32Array.from({ length: rows * dim }, () => rng.normal());
    out.push({ name: 'skewed norms', rows, n, dim, k, q, items, exclude: randExclude(rows, n, 30, true) });
  }
  // Even norms: the winners are spread over the whole catalogue.
  {
    const rows = 97,
      n = 2000,
      dim = 32,
      k = 50;
    const q = Float32Array.from({ length: rows * dim }, () => rng.normal() * 1e-3);
    const items = Float32Array.from({ length: n * dim }, () => rng.normal() * 1e4);
    out.push({
      name: 'even norms, small and large magnitudes',
      rows,
      n,
      dim,
      k,
      q,
      items,
      exclude: randExclude(rows, n, 10),
    });
  }
  // Near-duplicate items: scores closer together than the int16 codes resolve, so only the error bound keeps the winners.
  {
    const rows = 40,
      n = 3000,
      dim = 64,
      k = 25;
    const base = Float32Array.from({ length: dim }, () => rng.normal());
    const items = Float32Array.from({ length: n * dim }, (_, i) => base[i % dim] * (1 + 1e-4 * rng.normal()));
    const q = Float32Array.from({ length: rows * dim }, () => rng.normal());
    out.push({ name: 'near-duplicate items', rows, n, dim, k, q, items, exclude: randExclude(rows, n, 5) });
  }
  // Small integers: many exactly equal scores, so ties must break by the lower column.
  {
    const rows = 22,
      n = 700,
      dim = 5,
      k = 30;
    const g = (): number => rng.int(5) - 2;
    out.push({
      name: 'ties, odd width',
      rows,
      n,
      dim,
      k,
      q: Float32Array.from({ length: rows * dim }, g),
      items: Float32Array.from({ length: n * dim }, g),
      exclude: randExclude(rows, n, 40),
    });
  }
  // Fewer items than k, and zero vectors.
  {
    const rows = 6,
      n = 13,
      dim = 8,
      k = 20;
    const q = Float32Array.from({ length: rows * dim }, (_, i) => (i < dim ? 0 : rng.normal()));
    const items = Float32Array.from({ length: n * dim }, (_, i) => (i < 2 * dim ? 0 : rng.normal()));
    out.push({ name: 'k > n, zero rows', rows, n, dim, k, q, items, exclude: randExclude(rows, n, 2) });
  }
  // Values the int16 codes cannot bound: the kernel must fall back to the reference's definition.
  {
    const rows = 9,
      n = 300,
      dim = 16,
      k = 10;
    const q = Float32Array.from({ length: rows * dim }, () => rng.normal());
    const items = Float32Array.from({ length: n * dim }, () => rng.normal());
    items[7 * dim + 3] = NaN;
    items[11 * dim] = 1e20;
    out.push({ name: 'NaN and huge values', rows, n, dim, k, q, items, exclude: randExclude(rows, n, 3) });
  }
  return out;
}

const all = cases();

for (const be of [jsBackend, ...wasm] as Backend[]) {
  describe(`topkDot on ${be.name} ×${be.threads} (seed ${seed})`, () => {
    for (const c of all) {
      test(`equals a brute-force ranking: ${c.name}`, () => {
        const idx = new Int32Array(c.rows * c.k);
        const val = new Float32Array(c.rows * c.k);
        be.topkDot(c.q, c.rows, c.items, c.n, c.dim, c.k, c.exclude, val, idx);
        const want = bruteForce(c);
        for (let r = 0; r < c.rows; r++) {
          const at = (a: Int32Array | Float32Array): number[] =>
            Array.from(a.subarray(r * c.k, r * c.k + c.k));
          assert.deepEqual(at(idx), at(want.idx), `${be.name} ${c.name} row ${r} columns (seed ${seed})`);
          assert.deepEqual(at(val), at(want.val), `${be.name} ${c.name} row ${r} scores`);
        }
      });
    }
  });
}

describe('wasm topkDot scores are the wasm gemm scores', { skip: wasm.length === 0 }, () => {
  test('each returned score equals the gemm entry bit for bit', () => {
    const c = all[0];
    const be = wasm[wasm.length - 1];
    const idx = new Int32Array(c.rows * c.k);
    const val = new Float32Array(c.rows * c.k);
    be.topkDot(c.q, c.rows, c.items, c.n, c.dim, c.k, c.exclude, val, idx);
    const s = new Float32Array(c.rows * c.n);
    be.gemm(c.rows, c.n, c.dim, c.q, false, c.items, true, s, 1, 0);
    let checked = 0;
    for (let p = 0; p < idx.length; p++) {
      if (idx[p] < 0) continue;
      assert.equal(val[p], s[Math.floor(p / c.k) * c.n + idx[p]], `slot ${p}`);
      checked++;
    }
    assert.ok(checked > c.rows * (c.k - 1));
  });
});
