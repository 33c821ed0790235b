import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../util/rng.ts';
import { codeRange } from './int16-codes.ts';
import { itemOperands, queryOperands, QUERY_META } from './topk-dot-operands.ts';

const f = Math.fround;

/**
 * Rows whose every coordinate sits 0.499 of a code step off its code, with the sign that makes each error term of
 * the bound as large as it can be against the other side's codes: the worst case the bound's terms must cover.
 */
function adversarial(rng: Rng, dim: number, rows: number, signs: Int8Array, width: number): Float32Array {
  const qmax = codeRange(dim);
  const x = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    // Scale 1: coordinate 0 holds the largest magnitude, qmax.
    x[r * dim] = qmax;
    for (let p = 1; p < width; p++) x[r * dim + p] = signs[p] * (rng.int(qmax - 1) + 0.499);
  }
  return x;
}

for (const [dim, headOnly] of [
  [64, false],
  [7, false],
  [64, true],
  [7, true],
] as const) {
  test(`both screens' bounds cover the float32 score under worst-case code errors (dim ${dim}${headOnly ? ', zero tail' : ''})`, () => {
    const rng = new Rng(5);
    const signs = Int8Array.from({ length: dim }, (_, p) => (p === 0 ? 1 : rng.int(2) ? 1 : -1));
    const rows = 8,
      n = 24,
      r = 2 * Math.ceil(dim / 4),
      d2 = Math.ceil(dim / 2);
    // With a zero tail, screen 1's ‖tail‖ term is 0 and its code terms alone must cover the score.
    const width = headOnly ? Math.min(r, dim) : dim;
    const q = adversarial(rng, dim, rows, signs, width);
    const items = adversarial(rng, dim, n, signs, width);
    // Identity basis: the rotated rows are the rows, so the constructed errors reach the codes unchanged.
    const qo = queryOperands(q, q, rows, dim, r);
    const it = itemOperands(items, items, n, dim, r);
    const qc = new Int16Array(qo.codes.buffer);
    const ic = new Int16Array(it.codes.buffer);
    const itemCode = (s: number, p: number): number =>
      ic[(((s >> 3) * d2 + (p >> 1)) * 8 + (s & 7)) * 2 + (p & 1)];
    let tightest = Infinity;
    for (let u = 0; u < rows; u++) {
      const m = u * QUERY_META;
      for (let s = 0; s < n; s++) {
        const id = it.order[s];
        let score = 0;
        for (let p = 0; p < dim; p++) score = f(score + f(q[u * dim + p] * items[id * dim + p]));
        let head = 0;
        let full = 0;
        for (let p = 0; p < 2 * d2; p++) {
          const c = qc[u * 2 * d2 + p] * itemCode(s, p);
          full += c;
          if (p < r) head += c;
        }
        const screen1 = f(
          f(f(it.scale[s] * f(head + qo.meta[m + 1])) + it.headCorr[s]) + f(it.tail[s] * qo.meta[m + 3]),
        );
        const screen2 = f(f(it.scale[s] * f(full + qo.meta[m + 2])) + it.fullCorr[s]);
        const need = score / qo.meta[m];
        assert.ok(screen1 >= need, `screen 1 ${screen1} < ${need} (row ${u}, item ${id})`);
        assert.ok(screen2 >= need, `screen 2 ${screen2} < ${need} (row ${u}, item ${id})`);
        tightest = Math.min(tightest, ((headOnly ? screen1 : screen2) - need) / Math.abs(need));
      }
    }
    // Not vacuous: the code bound stays within a few code steps of the score.
    assert.ok(tightest < 1e-2, `the bound is loose by ${tightest}`);
  });
}
