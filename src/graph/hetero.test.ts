import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeteroGraph, edgeKey } from './hetero.ts';
import { randomLinkSplit } from './hetero-split.ts';
import { Rng } from '../util/rng.ts';

function tiny(): HeteroGraph {
  const g = new HeteroGraph();
  g.addNodeType('user', 3);
  g.addNodeType('item', 4, { rows: 4, cols: 2, data: Float32Array.of(1, 0, 0, 1, 1, 1, 0, 0) });
  g.addEdgeType(
    ['user', 'rates', 'item'],
    Int32Array.of(0, 0, 1, 2, 2),
    Int32Array.of(0, 1, 1, 2, 3),
    Float32Array.of(5, 3, 4, 1, 2),
  );
  return g;
}

test('hetero graph keeps CSR in both directions and lists metadata', () => {
  const g = tiny();
  const e = g.edge(['user', 'rates', 'item']);
  // inCsr rows are items: item 1 is rated by users 0 and 1.
  assert.deepEqual(Array.from(e.inCsr.indices.subarray(e.inCsr.indptr[1], e.inCsr.indptr[2])), [0, 1]);
  assert.deepEqual(Array.from(e.outCsr.indices.subarray(e.outCsr.indptr[2], e.outCsr.indptr[3])), [2, 3]);
  assert.deepEqual(g.metadata().nodeTypes, ['user', 'item']);
  assert.deepEqual(g.size(), { nodes: 7, edges: 5 });
});

test('toUndirected adds unlabelled rev_<rel> types once', () => {
  const u = tiny().toUndirected();
  const keys = u.metadata().edgeTypes.map(edgeKey);
  assert.deepEqual(keys, ['user__rates__item', 'item__rev_rates__user']);
  const rev = u.edge(['item', 'rev_rates', 'user']);
  assert.equal(rev.label, undefined);
  assert.deepEqual(Array.from(rev.src), [0, 1, 1, 2, 3]);
  assert.deepEqual(Array.from(rev.dst), [0, 0, 1, 2, 2]);
  assert.equal(u.toUndirected().metadata().edgeTypes.length, 2);
});

test('randomLinkSplit: message passing sees training pairs only, in both directions (no leakage)', () => {
  const rng = new Rng(7);
  const g = new HeteroGraph().addNodeType('user', 50).addNodeType('item', 40);
  const src: number[] = [];
  const dst: number[] = [];
  const seen = new Set<string>();
  while (src.length < 600) {
    const u = rng.int(50);
    const i = rng.int(40);
    if (seen.has(`${u},${i}`)) continue;
    seen.add(`${u},${i}`);
    src.push(u);
    dst.push(i);
  }
  const lab = Float32Array.from(src, (_, k) => 1 + (k % 5));
  const und = g
    .addEdgeType(['user', 'rates', 'item'], Int32Array.from(src), Int32Array.from(dst), lab)
    .toUndirected();
  const split = randomLinkSplit(und, {
    edgeType: ['user', 'rates', 'item'],
    revEdgeType: ['item', 'rev_rates', 'user'],
    val: 0.1,
    test: 0.1,
    rng,
  });
  assert.equal(
    split.train.target.src.length + split.val.target.src.length + split.test.target.src.length,
    600,
  );
  assert.equal(split.val.target.src.length, 60);
  for (const part of [split.train, split.val, split.test]) {
    const fwd = new Set<string>();
    const e = part.graph.edge(['user', 'rates', 'item']);
    for (let k = 0; k < e.src.length; k++) fwd.add(`${e.src[k]},${e.dst[k]}`);
    const rev = part.graph.edge(['item', 'rev_rates', 'user']);
    const back = new Set<string>();
    for (let k = 0; k < rev.src.length; k++) back.add(`${rev.dst[k]},${rev.src[k]}`);
    assert.equal(fwd.size, split.train.target.src.length);
    assert.deepEqual([...back].sort(), [...fwd].sort());
    // No validation or test pair is reachable by message passing, in either direction.
    for (const held of [split.val.target, split.test.target]) {
      for (let k = 0; k < held.src.length; k++) {
        const p = `${held.src[k]},${held.dst[k]}`;
        assert.ok(!fwd.has(p) && !back.has(p), `held-out pair ${p} leaked`);
      }
    }
  }
  // Same seed → same split.
  const again = randomLinkSplit(und, {
    edgeType: ['user', 'rates', 'item'],
    revEdgeType: ['item', 'rev_rates', 'user'],
    val: 0.1,
    test: 0.1,
    rng: new Rng(7),
  });
  assert.equal(again.test.target.index.length, 60);
});
