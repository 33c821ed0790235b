import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../data/synthetic.ts';
import { randomSplit } from '../data/splits.ts';
import { selectInteractions } from '../data/select.ts';
import { Rng } from '../util/rng.ts';
import { SparseMatrix, noGrad, tidy } from '../tensor/index.ts';
import type { Tensor } from '../tensor/index.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';
import { heteroSageFactory } from '../models/sage/factory.ts';
import { fullLayerInput } from '../models/sage/network.ts';
import { SageIgExplainer } from './sage-ig.ts';
import { rebuildItemFeatures } from './sage-inputs.ts';
import type { Contribution, Explanation } from './types.ts';
import { loadSageModel } from '../models/sage/restore.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ds = generateSynthetic({ users: 80, items: 40, seed: 4, interactionsPerUser: 15 });

async function fitted(): Promise<HeteroSageModel> {
  const split = randomSplit(ds.interactions.user.length, [0.8, 0.1, 0.1], new Rng(4));
  const train = selectInteractions(ds.interactions, split.train);
  const cfg = {
    hidden: 8,
    userDim: 8,
    epochs: 5,
    patience: 0,
    featureCache: '',
    features: { title: 'hash' },
  };
  const m = heteroSageFactory.create(cfg, {
    numUsers: ds.users.size,
    numItems: ds.items.size,
  }) as HeteroSageModel;
  await m.fit({ numUsers: ds.users.size, numItems: ds.items.size, train, dataset: ds }, { seed: 1 });
  return m;
}

const model = fitted();
const sum = (cs: Contribution[]): number => cs.reduce((s, c) => s + c.weight, 0);

test('sage IG: joint edge mask (user and item side) is complete and m = 1 reproduces the model', async () => {
  const m = await model;
  const ex = new SageIgExplainer(m, 64);
  for (const [u, i] of [
    [0, 3],
    [17, 25],
  ]) {
    const e = ex.explain(u, i, { top: 1000, features: true });
    const edges = e.contributions.filter((c) => c.kind === 'edge');
    const userSide = edges.filter((c) => c.edge?.side === 'user');
    const itemSide = edges.filter((c) => c.edge?.side === 'item');
    // Every edge next to the pair is attributed: the user's rated items and every rater of the item.
    assert.equal(userSide.length, ex.history(u).length);
    assert.equal(itemSide.length, ex.itemContext(i).raters.length);
    assert.ok(itemSide.length > 0);
    assert.ok(itemSide.every((c) => c.id === -1 && c.label === `user ${c.edge?.node} rated ${i}`));
    assert.ok(userSide.every((c) => c.id === c.edge?.node));
    // Completeness: Σ IG over both sides = f(1) − f(0), up to the Riemann error of 64 midpoints.
    const gap = Math.abs(e.score - e.residual - sum(edges));
    assert.ok(
      gap < 1e-2 * Math.max(0.1, Math.abs(e.score - e.residual)),
      `IG ${sum(edges)} vs ${e.score - e.residual}`,
    );
    const sides = (
      e.detail as { sides: { user: { ig: number }; item: { ig: number; masked_layers: number } } }
    ).sides;
    assert.ok(
      Math.abs(sides.user.ig - sum(userSide)) < 1e-9 && Math.abs(sides.item.ig - sum(itemSide)) < 1e-9,
    );
    assert.equal(sides.item.masked_layers, 2);
    assert.ok(Math.abs(sides.item.ig) > 1e-4, `item side carries attribution (${sides.item.ig})`);
    // Feature groups: Σ IG over genres/type/title/numeric = f(x) − f(0 features), same full-graph prediction.
    const feats = e.contributions.filter((c) => c.kind === 'feature');
    assert.deepEqual(
      feats.map((c) => c.label).sort(),
      ['genres', 'numeric', 'title', 'type'].filter((g) => feats.some((c) => c.label === g)),
    );
    assert.ok(feats.length >= 2, feats.map((c) => c.label).join());
    const fd = (e.detail as { features: { baseline: number; completeness_gap: number } }).features;
    assert.ok(
      Math.abs(fd.completeness_gap) < 2e-2 * Math.max(0.1, Math.abs(sum(feats))),
      `feature IG gap ${fd.completeness_gap} (sum ${sum(feats)})`,
    );
    // Mask 1 (tape forward and the removal scorers with nothing removed) = the model's own (unclamped) prediction.
    const full = ex.scoreHistory(u, ex.history(u));
    assert.ok(Math.abs(full[i] - e.score) < 1e-4, `${full[i]} vs ${e.score}`);
    assert.ok(Math.abs(ex.scoreWithout(u, i, [])[i] - e.score) < 1e-4);
    const pred = m.predict(Int32Array.of(u), Int32Array.of(i))[0];
    const [lo, hi] = m.range;
    assert.ok(Math.abs(Math.min(hi, Math.max(lo, e.score)) - pred) < 1e-3, `${e.score} vs model ${pred}`);
    // `top` keeps that many edges per side; the overall top is a prefix of the list.
    const small = ex.explain(u, i, { top: 2 }).contributions;
    assert.equal(small.filter((c) => c.edge?.side === 'user').length, 2);
    assert.equal(small.filter((c) => c.edge?.side === 'item').length, Math.min(2, itemSide.length));
    const best = edges.slice().sort((a, b) => b.weight - a.weight);
    assert.deepEqual(
      small.slice(0, 2).map((c) => c.weight),
      best.slice(0, 2).map((c) => c.weight),
    );
    // Mask 0 on every edge = the IG baseline.
    assert.ok(Math.abs(ex.scoreWithout(u, i, ex.pairEdges(u, i))[i] - e.residual) < 1e-4);
  }
});

test('sage IG: item-side removal equals the full-graph encoder with those messages into the item masked', async () => {
  const m = await model;
  const ex = new SageIgExplainer(m, 8);
  const u = 5;
  const seen = new Set(ex.history(u));
  const i = [...Array(m.numItems).keys()].find(
    (j) => !seen.has(j) && ex.itemContext(j).raters.length >= 3,
  ) as number;
  const raters = ex.itemContext(i).raters;
  const drop = [raters[0], raters[2]];
  const got = ex.scoreWithout(
    u,
    i,
    drop.map((node) => ({ side: 'item' as const, node })),
  );
  // Reference: the network's own full-graph encoder, with the row of `i` in the user → item mean matrix zeroed at
  // the dropped raters (denominator kept at deg(i)).
  const { net } = m.state();
  const { itemX, adj } = m.graphInputs();
  assert.ok(itemX && adj);
  const masked = new Map(adj);
  for (const [key, a] of adj) {
    if (!(key.startsWith('user__') && key.endsWith('__item'))) continue;
    const values = Float32Array.from(a.csr.values ?? new Float32Array(a.csr.indices.length).fill(1));
    for (let p = a.csr.indptr[i]; p < a.csr.indptr[i + 1]; p++)
      if (drop.includes(a.csr.indices[p])) values[p] = 0;
    masked.set(key, new SparseMatrix({ ...a.csr, values }));
  }
  const ref = noGrad(() =>
    tidy(() => {
      const z = net.encode(itemX, {
        users: null,
        items: null,
        layers: fullLayerInput(masked, net.sizes.layers),
      });
      return net
        .decode(
          z.get('user') as Tensor,
          z.get('item') as Tensor,
          Int32Array.of(u, u),
          Int32Array.of(i, (i + 1) % m.numItems),
        )
        .toArray();
    }),
  );
  assert.ok(Math.abs(got[i] - ref[0]) < 1e-4, `masked score ${got[i]} vs encoder ${ref[0]}`);
  // Other items' scores are untouched by edges into `i`.
  const full = ex.scoreHistory(u, ex.history(u));
  assert.ok(Math.abs(got[(i + 1) % m.numItems] - full[(i + 1) % m.numItems]) < 1e-6);
  assert.ok(Math.abs(ref[1] - full[(i + 1) % m.numItems]) < 1e-4);
  assert.ok(Math.abs(got[i] - full[i]) > 1e-5, 'removing two raters moves the score');
});

test('sage IG on a loaded model: last-layer item mask without features, every layer with rebuilt features', async () => {
  const m = await model;
  const dir = mkdtempSync(join(tmpdir(), 'sage-ig-'));
  try {
    await m.save(dir);
    const loaded = await loadSageModel(dir);
    const [u, i] = [17, 25];
    const inProcess = new SageIgExplainer(m, 64).explain(u, i, { top: 1000 });
    const sides = (e: Explanation): { item: { masked_layers: number } } =>
      (e.detail as { sides: { item: { masked_layers: number } } }).sides;
    // No item inputs in the folder: only the last layer's messages into the item are masked; mask 1 is still exact.
    const last = new SageIgExplainer(loaded, 64).explain(u, i, { top: 1000 });
    assert.equal(sides(last).item.masked_layers, 1);
    assert.ok(Math.abs(last.score - inProcess.score) < 1e-4, `${last.score} vs ${inProcess.score}`);
    assert.ok(
      Math.abs(last.score - last.residual - sum(last.contributions)) <
        1e-2 * Math.max(0.1, Math.abs(last.score - last.residual)),
    );
    // Features rebuilt from the dataset (what `gnnrec explain` does): the trained ones, and the in-process explanation.
    const f = await rebuildItemFeatures(loaded, ds);
    assert.ok(f);
    assert.deepEqual(f.data, m.graphInputs().itemX?.data);
    const all = new SageIgExplainer(loaded, 64, f.data).explain(u, i, { top: 1000 });
    assert.equal(sides(all).item.masked_layers, 2);
    assert.ok(
      Math.abs(all.score - inProcess.score) < 1e-4 && Math.abs(all.residual - inProcess.residual) < 1e-4,
    );
    const byKey = new Map(inProcess.contributions.map((c) => [`${c.edge?.side}:${c.edge?.node}`, c.weight]));
    for (const c of all.contributions)
      assert.ok(Math.abs(c.weight - (byKey.get(`${c.edge?.side}:${c.edge?.node}`) ?? NaN)) < 1e-5);
    // Feature IG needs the graph and features, which a folder lacks until restored: then it equals the in-process one.
    assert.equal(
      new SageIgExplainer(loaded, 64, f.data)
        .explain(u, i, { top: 1000, features: true })
        .contributions.filter((c) => c.kind === 'feature').length,
      0,
    );
    loaded.restoreGraphInputs(f);
    const featsLoaded = new SageIgExplainer(loaded, 64, f.data).explain(u, i, { top: 1000, features: true });
    const featsInProcess = new SageIgExplainer(m, 64).explain(u, i, { top: 1000, features: true });
    const fw = (e: Explanation): Array<[string, number]> =>
      e.contributions.filter((c) => c.kind === 'feature').map((c) => [c.label, c.weight]);
    assert.ok(fw(featsLoaded).length > 0);
    assert.deepEqual(
      fw(featsLoaded).map(([l]) => l),
      fw(featsInProcess).map(([l]) => l),
    );
    fw(featsLoaded).forEach(([, w], k) =>
      assert.ok(Math.abs(w - fw(featsInProcess)[k][1]) < 1e-5, `feature group ${k}`),
    );
    assert.throws(() => loaded.restoreGraphInputs({ ...f, cols: f.cols + 1 }), /features for a model of/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
