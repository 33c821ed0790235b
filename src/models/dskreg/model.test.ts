import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../../data/synthetic.ts';
import { selectInteractions } from '../../data/select.ts';
import { randomSplit } from '../../data/splits.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { evaluateRanking } from '../../eval/index.ts';
import { Rng } from '../../util/rng.ts';
import { Dskreg } from './model.ts';

const ds = generateSynthetic({ users: 200, items: 80, seed: 11, interactionsPerUser: 20 });
const split = randomSplit(ds.interactions.user.length, [0.8, 0.2, 0], new Rng(2));
const train = selectInteractions(ds.interactions, split.train);
const held = selectInteractions(ds.interactions, split.val);
const U = ds.users.size;
const I = ds.items.size;
const trainCsr = interactionCsr(U, I, train.user, train.item);
const heldCsr = interactionCsr(U, I, held.user, held.item);

const model = new Dskreg(U, I, { dim: 16, k: 2, lr: 1e-2, batch: 256, epochs: 25, itersPerEpoch: 0 });
const fitted = model.fit({ numUsers: U, numItems: I, train, dataset: ds }, { seed: 3 });
// The paper's single relational GNN with sampling on every edge of the joint graph.
const joint = new Dskreg(U, I, {
  collab: 'sampled',
  dim: 16,
  layers: 2,
  k: 6,
  lr: 1e-2,
  l2: 1e-2,
  batch: 256,
  epochs: 25,
  itersPerEpoch: 0,
});
const jointFitted = joint.fit({ numUsers: U, numItems: I, train, dataset: ds }, { seed: 3 });

for (const [name, m, f] of [
  ['lightgcn', model, fitted],
  ['sampled', joint, jointFitted],
] as const) {
  test(`dskreg (collab ${name}): trained on synthetic data it beats random ranking by a clear margin`, async () => {
    const report = await f;
    assert.equal(report.epochs, 25);
    assert.ok(report.curve[24].loss < report.curve[0].loss, 'loss decreases');
    const got = evaluateRanking(m, { truth: heldCsr, exclude: [trainCsr], ks: [10] })['recall@10'];
    // Random ranking recalls about 10 / (items − seen) of the held-out items.
    const random = 10 / (I - 16);
    assert.ok(got > 2 * random, `recall@10 ${got.toFixed(3)} vs random ${random.toFixed(3)}`);
  });
}

test('dskreg (collab sampled): kept neighbourhoods hold at most K weighted neighbours per node', async () => {
  await jointFitted;
  const s = joint.sampled;
  assert.ok(s);
  for (let v = 0; v + 1 < s.indptr.length; v++) assert.ok(s.indptr[v + 1] - s.indptr[v] <= 6);
});

test('dskreg: users keep their training items, items at most K sampled KG neighbours; kgPaths are valid paths', async () => {
  await fitted;
  const s = model.sampled;
  assert.ok(s);
  for (let u = 0; u < U; u++)
    assert.deepEqual(
      Array.from(s.nbr.subarray(s.indptr[u], s.indptr[u + 1]), (v) => v - U),
      Array.from(trainCsr.indices.subarray(trainCsr.indptr[u], trainCsr.indptr[u + 1])),
    );
  for (let i = 0; i < I; i++) {
    const kept = s.indptr[U + i + 1] - s.indptr[U + i];
    assert.ok(kept >= 1 && kept <= 2, `item ${i} keeps ${kept}`);
    for (let q = s.indptr[U + i]; q < s.indptr[U + i + 1]; q++)
      assert.ok(s.nbr[q] >= U + I && s.weight[q] >= 0 && s.weight[q] <= 1);
  }
  assert.equal(s.indptr[s.indptr.length - 1], s.indptr[U + I], 'entities keep nothing');
  let found = 0;
  for (let u = 0; u < 20; u++) {
    for (let i = 0; i < I; i += 7) {
      for (const p of model.kgPaths(u, i, 3)) {
        found++;
        assert.equal(p.nodes.length, 4);
        assert.deepEqual(
          p.nodes.map((n) => n.kind),
          ['user', 'item', 'entity', 'item'],
        );
        assert.equal(p.nodes[0].index, u);
        assert.equal(p.nodes[3].index, i);
        // Hop 1 is a training interaction; hop 2 and 3 share the attribute entity named on the path.
        const j = p.nodes[1].index;
        assert.ok(
          Array.from(trainCsr.indices.subarray(trainCsr.indptr[u], trainCsr.indptr[u + 1])).includes(j),
        );
        const name = p.nodes[2].name ?? '';
        const attrs = (k: number): string[] => [
          ...(ds.itemMeta[k].genres ?? []).map((g) => `genre:${g}`),
          `type:${ds.itemMeta[k].type}`,
          `decade:${Math.floor((ds.itemMeta[k].year ?? 0) / 10) * 10}s`,
        ];
        assert.ok(
          attrs(j).includes(name) && attrs(i).includes(name),
          `${name} shared by items ${j} and ${i}`,
        );
        assert.equal(p.relations[0], 'interact');
        assert.ok(p.weight > 0 && p.weight <= 1);
      }
    }
  }
  assert.ok(found > 0, 'some paths exist');
});

test('dskreg: save → load gives identical scores and paths', async () => {
  await fitted;
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-dskreg-'));
  try {
    await model.save(dir);
    const loaded = await Dskreg.load(dir);
    const users = Int32Array.from([0, 5, 17]);
    assert.deepEqual(loaded.scoreUsers(users), model.scoreUsers(users));
    assert.deepEqual(loaded.kgPaths(1, 3, 5), model.kgPaths(1, 3, 5));
    assert.deepEqual(loaded.cfg, model.cfg);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
