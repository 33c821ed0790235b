import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, backward, noGrad, tidy } from '../../tensor/index.ts';
import { mseLoss } from '../../nn/index.ts';
import { HeteroGraph } from '../../graph/hetero.ts';
import { HeteroSageNet, fullLayerInput } from './network.ts';
import { fullAdjacency } from './train.ts';
import { sampleBlocks } from '../../graph/hetero-sampler.ts';
import { SparseMatrix } from '../../tensor/index.ts';
import { Rng } from '../../util/rng.ts';

// 4 users, 5 items with 3 features, 9 ratings.
const U = Int32Array.of(0, 0, 1, 1, 2, 2, 3, 3, 3);
const I = Int32Array.of(0, 1, 1, 2, 2, 3, 0, 3, 4);
const R = Float32Array.of(5, 3, 4, 2, 1, 4, 5, 3, 2);
const X = Tensor.from(
  Array.from({ length: 15 }, (_, k) => Math.sin(k + 1)),
  [5, 3],
);

function setup(): { net: HeteroSageNet; g: HeteroGraph } {
  const g = new HeteroGraph()
    .addNodeType('user', 4)
    .addNodeType('item', 5)
    .addEdgeType(['user', 'rates', 'item'], U, I, R)
    .toUndirected();
  const net = new HeteroSageNet(
    g.metadata().edgeTypes,
    { numUsers: 4, numItems: 5, itemFeatures: 3, hidden: 4, userDim: 3, itemDim: 0, layers: 2 },
    new Rng(3),
  );
  return { net, g };
}

test('hetero GraphSAGE: analytic gradients match central finite differences', () => {
  const { net, g } = setup();
  const layers = fullLayerInput(fullAdjacency(g), 2);
  const lossValue = (): number =>
    noGrad(() =>
      tidy(() => {
        const z = net.encode(X, { users: null, items: null, layers });
        return mseLoss(net.decode(z.get('user') as Tensor, z.get('item') as Tensor, U, I), R).item();
      }),
    );
  const params = net.parameters();
  for (const p of params) p.grad?.fill(0);
  tidy(() => {
    const z = net.encode(X, { users: null, items: null, layers });
    backward(mseLoss(net.decode(z.get('user') as Tensor, z.get('item') as Tensor, U, I), R));
  });
  const rng = new Rng(9);
  let checked = 0;
  for (const p of params) {
    assert.ok(p.grad, `${p.name} got no gradient`);
    for (let t = 0; t < 3; t++) {
      const k = rng.int(p.size);
      const old = p.data[k];
      const eps = 1e-3; // small enough not to cross a ReLU kink
      p.data[k] = old + eps;
      const up = lossValue();
      p.data[k] = old - eps;
      const down = lossValue();
      p.data[k] = old;
      const fd = (up - down) / (2 * eps);
      const an = p.grad[k];
      assert.ok(
        Math.abs(fd - an) <= 2e-3 + 2e-2 * Math.abs(fd),
        `${p.name}[${k}]: analytic ${an} vs numeric ${fd}`,
      );
      checked++;
    }
  }
  assert.equal(checked, params.length * 3);
});

test('a sampled block with unlimited fanout gives the full-batch representations of the seeds', () => {
  const { net, g } = setup();
  const full = noGrad(() =>
    net.encode(X, { users: null, items: null, layers: fullLayerInput(fullAdjacency(g), 2) }),
  );
  const seeds = new Map([
    ['user', Int32Array.of(2, 0)],
    ['item', Int32Array.of(4)],
  ]);
  const blocks = sampleBlocks(g, seeds, [0, 0], new Rng(1));
  const z = noGrad(() =>
    net.encode(X, {
      users: blocks[0].src.get('user') ?? null,
      items: blocks[0].src.get('item') ?? null,
      layers: blocks.map((b) => ({
        dstCount: new Map([...b.dst].map(([t, ids]) => [t, ids.length])),
        adj: new Map([...b.adj].map(([k, c]) => [k, new SparseMatrix(c)])),
      })),
    }),
  );
  const zu = z.get('user') as Tensor;
  const fu = full.get('user') as Tensor;
  for (const [r, u] of [2, 0].entries())
    for (let k = 0; k < 4; k++) assert.ok(Math.abs(zu.data[r * 4 + k] - fu.data[u * 4 + k]) < 1e-5);
  const zi = z.get('item') as Tensor;
  for (let k = 0; k < 4; k++)
    assert.ok(Math.abs(zi.data[k] - (full.get('item') as Tensor).data[4 * 4 + k]) < 1e-5);
});
