import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeteroGraph, edgeKey } from './hetero.ts';
import { fullBlocks, sampleBlocks } from './hetero-sampler.ts';
import { Rng } from '../util/rng.ts';

function graph(): HeteroGraph {
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < 6; u++) {
    for (let i = 0; i < 5; i++) {
      if ((u + i) % 2 !== 0) continue;
      src.push(u);
      dst.push(i);
    }
  }
  return new HeteroGraph()
    .addNodeType('user', 6)
    .addNodeType('item', 5)
    .addEdgeType(['user', 'rates', 'item'], Int32Array.from(src), Int32Array.from(dst))
    .toUndirected();
}

test('sampleBlocks: destination nodes prefix the sources, fanout respected, rows are means', () => {
  const g = graph();
  const seeds = new Map([
    ['user', Int32Array.of(0, 3)],
    ['item', Int32Array.of(1)],
  ]);
  const blocks = sampleBlocks(g, seeds, [2, 2], new Rng(1));
  assert.equal(blocks.length, 2);
  assert.deepEqual(Array.from(blocks[1].dst.get('user') as Int32Array), [0, 3]);
  for (const b of blocks) {
    for (const [t, d] of b.dst)
      assert.deepEqual(Array.from((b.src.get(t) as Int32Array).subarray(0, d.length)), Array.from(d));
    for (const et of b.edgeTypes) {
      const a = b.adj.get(edgeKey(et));
      assert.ok(a);
      const srcIds = b.src.get(et[0]) as Int32Array;
      const dstIds = b.dst.get(et[2]) as Int32Array;
      const e = g.edge(et);
      for (let r = 0; r < a.rows; r++) {
        const n = a.indptr[r + 1] - a.indptr[r];
        assert.ok(n <= 2);
        let sum = 0;
        for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
          sum += (a.values as Float32Array)[p];
          // Every sampled neighbour is a real neighbour.
          const gs = srcIds[a.indices[p]];
          const row = e.inCsr.indices.subarray(e.inCsr.indptr[dstIds[r]], e.inCsr.indptr[dstIds[r] + 1]);
          assert.ok(row.includes(gs));
        }
        if (n > 0) assert.ok(Math.abs(sum - 1) < 1e-6);
      }
    }
  }
  // Layer 1's destinations are layer 0's... sources of layer 1.
  assert.deepEqual(blocks[0].dst, blocks[1].src);
});

test('fullBlocks uses every node and exact degree normalisation', () => {
  const b = fullBlocks(graph(), 2);
  const a = b[0].adj.get('user__rates__item');
  assert.ok(a && a.values);
  assert.equal(a.rows, 5);
  assert.equal(a.values[0], Math.fround(1 / (a.indptr[1] - a.indptr[0])));
});
