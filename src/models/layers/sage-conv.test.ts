import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, SparseMatrix } from '../../tensor/index.ts';
import { SageConv } from './sage-conv.ts';
import { HeteroConv } from './hetero-conv.ts';
import { rowNormalise } from '../../graph/hetero-sampler.ts';
import { csrFromCoo } from '../../tensor/csr.ts';
import { Rng } from '../../util/rng.ts';

// Tiny bipartite graph: 3 sources (2 features), 2 destinations (1 feature).
// dst 0 ← src {0, 1}; dst 1 ← src {2}.
const XS = Tensor.from([1, 2, 3, 4, 5, 6], [3, 2]);
const XD = Tensor.from([10, -1], [2, 1]);
const ADJ = new SparseMatrix(rowNormalise(csrFromCoo(2, 3, Int32Array.of(0, 0, 1), Int32Array.of(0, 1, 2))));

function setWeights(c: SageConv): void {
  c.linNeighbour.weight.data.set([1, 0, 0, 1, 1, -1]); // [2, 3]: W_l
  (c.linNeighbour.bias as Tensor).data.set([0.5, 0, 0]);
  c.linRoot.weight.data.set([2, 0, 1]); // [1, 3]: W_r
}

test('SAGEConv matches a hand computation: W_l·mean(neighbours) + b + W_r·x_i', () => {
  const c = new SageConv(2, 1, 3, new Rng(1));
  setWeights(c);
  const y = c.forward(XS, XD, ADJ);
  // W_l rows [1,0,0] and [1,1,-1]; b = [0.5,0,0]; W_r = [2,0,1].
  // dst 0: mean(x0, x1) = (2, 3) → [5, 3, -3] + b + 10·W_r = [25.5, 3, 7]
  // dst 1: mean(x2) = (5, 6)     → [11, 6, -6] + b − 1·W_r = [9.5, 6, -7]
  assert.deepEqual(Array.from(y.data), [25.5, 3, 7, 9.5, 6, -7]);
});

test('HeteroConv sums one conv per edge type into each destination type', () => {
  const rng = new Rng(2);
  const types = [
    ['user', 'rates', 'item'],
    ['item', 'rev_rates', 'user'],
  ] as const;
  const h = new HeteroConv(
    types,
    new Map([
      ['user', 1],
      ['item', 2],
    ]),
    3,
    rng,
  );
  assert.equal(h.parameters().length, 6);
  const users = Tensor.from([10, -1], [2, 1]);
  const items = XS;
  const ui = new SparseMatrix(rowNormalise(csrFromCoo(3, 2, Int32Array.of(0, 1, 2), Int32Array.of(0, 0, 1))));
  const out = h.forward(
    new Map([
      ['user', users],
      ['item', items],
    ]),
    {
      dstCount: new Map(),
      adj: new Map([
        ['user__rates__item', ui],
        ['item__rev_rates__user', ADJ],
      ]),
    },
  );
  assert.deepEqual(out.get('user')?.shape, [2, 3]);
  assert.deepEqual(out.get('item')?.shape, [3, 3]);
  const direct = (h.convs.get('item__rev_rates__user') as SageConv).forward(items, users, ADJ);
  assert.deepEqual(Array.from(out.get('user')?.data ?? []), Array.from(direct.data));
});
