import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/rng.ts';
import { householderQr } from './householder.ts';
import { orthonormalize } from './qr.ts';
import { matmul } from './gemm.ts';

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function identity(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

for (const [name, qr, tol] of [
  ['householderQr', householderQr, 1e-12],
  // CholeskyQR2 runs its large Gram products in f32 on the SIMD kernel, hence the looser tolerance.
  ['orthonormalize (CholeskyQR2)', orthonormalize, 1e-5],
] as const) {
  test(`${name}: Q has orthonormal columns and Q·R = A`, () => {
    const rng = new Rng(11);
    for (const [m, n] of [
      [9, 9],
      [60, 7],
      [2000, 40],
    ]) {
      const a = Float64Array.from({ length: m * n }, () => rng.normal());
      const { q, r } = qr(a, m, n);
      const qt = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) qt[j * m + i] = q[i * n + j];
      assert.ok(maxAbsDiff(matmul(qt, q, n, m, n), identity(n)) < tol, `orthonormal ${m}×${n}`);
      assert.ok(maxAbsDiff(matmul(q, r, m, n, n), a) < tol * 10, `Q·R = A ${m}×${n}`);
      for (let i = 1; i < n; i++)
        for (let j = 0; j < i; j++) assert.ok(Math.abs(r[i * n + j]) < 1e-9, 'R upper triangular');
    }
  });
}

test('orthonormalize falls back gracefully on a rank-deficient block', () => {
  const m = 50,
    n = 6;
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    a[i * n] = i + 1;
    a[i * n + 1] = 2 * (i + 1); // column 1 = 2 × column 0
    for (let j = 2; j < n; j++) a[i * n + j] = Math.sin(i * j);
  }
  const { q, r } = orthonormalize(a, m, n);
  assert.ok(maxAbsDiff(matmul(q, r, m, n, n), a) < 1e-8);
});

test('orthonormalize on the wasm backend (Gram and triangular products on its gemm, AᵀA with A transposed there)', async () => {
  const { getBackend, setBackend, useBackend } = await import('../backend/registry.ts');
  const prev = getBackend();
  await setBackend('wasm', { threads: 2 });
  try {
    const rng = new Rng(12);
    // m·n² above the size where the products leave float64 JS.
    const m = 14_000,
      n = 40;
    const a = Float64Array.from({ length: m * n }, () => rng.normal());
    const { q, r } = orthonormalize(a, m, n);
    const qt = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) qt[j * m + i] = q[i * n + j];
    assert.ok(maxAbsDiff(matmul(qt, q, n, m, n), identity(n)) < 1e-5, 'orthonormal');
    assert.ok(maxAbsDiff(matmul(q, r, m, n, n), a) < 1e-4, 'Q·R = A');
  } finally {
    useBackend(prev);
  }
});
