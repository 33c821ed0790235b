import { test } from 'node:test';
import assert from 'node:assert/strict';
import { walkFrom } from './node2vec.ts';
import { generateWalks } from './parallel.ts';
import { buildAliasRows } from '../alias.ts';
import { csrFromCoo } from '../../tensor/csr.ts';
import { Rng } from '../../util/rng.ts';
import type { Csr } from '../../tensor/csr.ts';

// 0–1 (w 1), 1–2 (w 2), 0–2 (w 1), 1–3 (w 3), 1–4 (w 1), 3–4 (w 2). From prev 0 at cur 1: neighbours of 1
// are 0 (return, 1/p), 2 (also a neighbour of 0, ×1), 3 and 4 (away from 0, 1/q).
function graph(): Csr {
  const e: Array<[number, number, number]> = [
    [0, 1, 1],
    [1, 2, 2],
    [0, 2, 1],
    [1, 3, 3],
    [1, 4, 1],
    [3, 4, 2],
  ];
  const r = e.flatMap(([a, b]) => [a, b]);
  const c = e.flatMap(([a, b]) => [b, a]);
  const v = e.flatMap(([, , w]) => [w, w]);
  return csrFromCoo(5, 5, Int32Array.from(r), Int32Array.from(c), Float32Array.from(v));
}

function expected(p: number, q: number): number[] {
  const un = [1 / p, 0, 2, 3 / q, 1 / q]; // node 1 itself is not a neighbour of 1
  const s = un.reduce((a, b) => a + b, 0);
  return un.map((x) => x / s);
}

for (const [p, q] of [
  [2, 1.5],
  [0.5, 4],
  [1, 1],
]) {
  test(`second-order transitions follow w·α(p=${p}, q=${q})`, () => {
    const adj = graph();
    const g = {
      indptr: adj.indptr,
      indices: adj.indices,
      alias: buildAliasRows(adj.indptr, adj.values ?? []),
    };
    const rng = new Rng(7);
    const out = new Int32Array(3);
    const counts = [0, 0, 0, 0, 0];
    let n = 0;
    for (let it = 0; it < 200_000; it++) {
      walkFrom(g, 0, { p, q, walkLength: 3 }, rng, out, 0);
      if (out[1] !== 1) continue;
      counts[out[2]]++;
      n++;
    }
    const exp = expected(p, q);
    for (let x = 0; x < 5; x++) {
      const sd = Math.sqrt((exp[x] * (1 - exp[x])) / n);
      assert.ok(
        Math.abs(counts[x] / n - exp[x]) <= 5 * sd + 1e-12,
        `node ${x}: ${counts[x] / n} vs ${exp[x]}`,
      );
    }
  });
}

test('first step is proportional to edge weight', () => {
  const adj = graph();
  const g = { indptr: adj.indptr, indices: adj.indices, alias: buildAliasRows(adj.indptr, adj.values ?? []) };
  const rng = new Rng(3);
  const out = new Int32Array(2);
  const counts = [0, 0, 0, 0, 0];
  const n = 100_000;
  for (let it = 0; it < n; it++) {
    walkFrom(g, 1, { p: 2, q: 0.5, walkLength: 2 }, rng, out, 0);
    counts[out[1]]++;
  }
  const exp = [1 / 7, 0, 2 / 7, 3 / 7, 1 / 7];
  for (let x = 0; x < 5; x++) assert.ok(Math.abs(counts[x] / n - exp[x]) < 0.01);
});

test('walks are seeded, follow edges, and do not depend on the worker count', async () => {
  const adj = graph();
  const opts = { p: 2, q: 1.5, walkLength: 10, numWalks: 40, chunkSize: 16 };
  const a = await generateWalks(adj, { ...opts, workers: 1 }, new Rng(11));
  const b = await generateWalks(adj, { ...opts, workers: 3 }, new Rng(11));
  assert.equal(a.count, 200);
  assert.deepEqual(a.data, b.data);
  const c = await generateWalks(adj, { ...opts, workers: 1 }, new Rng(12));
  assert.notDeepEqual(a.data, c.data);
  for (let w = 0; w < a.count; w++) {
    for (let t = 1; t < a.length; t++) {
      const u = a.data[w * a.length + t - 1];
      const v = a.data[w * a.length + t];
      assert.ok(adj.indices.subarray(adj.indptr[u], adj.indptr[u + 1]).includes(v));
    }
  }
});
