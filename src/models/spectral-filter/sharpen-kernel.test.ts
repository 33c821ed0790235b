import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interactionCsr } from '../../graph/bipartite.ts';
import { jsBackend, useBackend, type Backend } from '../../tensor/index.ts';
import { Rng } from '../../util/rng.ts';
import { ItemFilter } from '../graph-filter/filter.ts';
import { randomTrainData } from '../shared/train.fixture.ts';
import { normalize } from './basis.ts';
import { parseConfig } from './config.ts';

// ItemFilter.sharpen against an independent dense float64 solver of ds/dt = −s·P (P = R̃ᵀR̃ built as a matrix):
// classic four-stage RK4 and plain Euler, on the reference backend and on the wasm backend (1 and 2 threads),
// with a row count that is not a multiple of the kernels' 4- and 32-wide strips; once with the item scaling that
// lets the fast path run on the binary R (three items without interactions included), once without it.
const U = 37,
  I = 29,
  ROWS = 7;
const data = randomTrainData(11, U, I);
const { rn, itemIn } = normalize(interactionCsr(U, I, data.train.user, data.train.item), parseConfig({}));
const filters = {
  'unit-weight': new ItemFilter(rn, itemIn, new Float32Array(0), 0, 1),
  weighted: new ItemFilter(rn, new Float64Array(I), new Float32Array(0), 0, 1),
};

/** P = R̃ᵀR̃ (I×I, float64). */
const P = new Float64Array(I * I);
for (let u = 0; u < U; u++)
  for (let p = rn.indptr[u]; p < rn.indptr[u + 1]; p++)
    for (let q = rn.indptr[u]; q < rn.indptr[u + 1]; q++)
      P[rn.indices[p] * I + rn.indices[q]] += (rn.values as Float32Array)[p] * (rn.values as Float32Array)[q];

/** −s·P for row-major s (ROWS × I). */
function f(s: Float64Array): Float64Array {
  const y = new Float64Array(s.length);
  for (let b = 0; b < ROWS; b++)
    for (let i = 0; i < I; i++) {
      const x = s[b * I + i];
      if (x !== 0) for (let j = 0; j < I; j++) y[b * I + j] -= x * P[i * I + j];
    }
  return y;
}

const axpy = (a: Float64Array, c: number, d: Float64Array): Float64Array => a.map((x, i) => x + c * d[i]);

function denseSolve(s0: Float64Array, T: number, steps: number, solver: 'euler' | 'rk4'): Float64Array {
  const h = T / steps;
  let s = s0;
  for (let n = 0; n < steps; n++) {
    if (solver === 'euler') s = axpy(s, h, f(s));
    else {
      const k1 = f(s);
      const k2 = f(axpy(s, h / 2, k1));
      const k3 = f(axpy(s, h / 2, k2));
      const k4 = f(axpy(s, h, k3));
      s = s.map((x, i) => x + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    }
  }
  return s;
}

const rng = new Rng(5);
const s0 = Float64Array.from({ length: ROWS * I }, () => rng.uniform() * 2 - 1);

async function backends(): Promise<Backend[]> {
  const { createWasmBackend } = await import('../../tensor/backend/wasm/index.ts');
  return [jsBackend, await createWasmBackend(1), await createWasmBackend(2)];
}

for (const be of await backends())
  for (const [form, filter] of Object.entries(filters))
    for (const [solver, T, steps] of [
      ['euler', 1.5, 1],
      ['euler', 2.5, 3],
      ['rk4', 2.5, 1],
      ['rk4', 4, 2],
    ] as const)
      test(`ItemFilter.sharpen ${solver} T ${T} × ${steps} on ${be.name} (${be.threads} threads, ${form}) = dense solver`, () => {
        useBackend(be);
        try {
          const out = Float32Array.from(s0);
          filter.sharpen(out, ROWS, T, steps, solver);
          const want = denseSolve(s0, T, steps, solver);
          let err = 0,
            scale = 0,
            moved = 0;
          for (let x = 0; x < out.length; x++) {
            err = Math.max(err, Math.abs(out[x] - want[x]));
            scale = Math.max(scale, Math.abs(want[x]));
            moved = Math.max(moved, Math.abs(want[x] - s0[x]));
          }
          assert.ok(moved > 0.05 * scale, 'the case sharpens visibly');
          assert.ok(err <= 1e-5 * scale, `max error ${err} of ${scale}`);
        } finally {
          useBackend(jsBackend);
        }
      });
