import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../data/synthetic.ts';
import { randomSplit } from '../data/splits.ts';
import { selectInteractions } from '../data/select.ts';
import { Rng } from '../util/rng.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';
import { heteroSageFactory } from '../models/sage/factory.ts';
import { SageIgExplainer } from './sage-ig.ts';

test('sage IG: edge-mask attributions are complete and m = 1 reproduces the model', async () => {
  const ds = generateSynthetic({ users: 80, items: 40, seed: 4, interactionsPerUser: 15 });
  const split = randomSplit(ds.interactions.user.length, [0.8, 0.1, 0.1], new Rng(4));
  const train = selectInteractions(ds.interactions, split.train);
  const cfg = { hidden: 8, userDim: 8, epochs: 5, patience: 0, featureCache: '', features: { title: 'hash' } };
  const m = heteroSageFactory.create(cfg, { numUsers: ds.users.size, numItems: ds.items.size }) as HeteroSageModel;
  await m.fit({ numUsers: ds.users.size, numItems: ds.items.size, train, dataset: ds }, { seed: 1 });
  const ex = new SageIgExplainer(m, 64);
  for (const [u, i] of [[0, 3], [17, 25]]) {
    const e = ex.explain(u, i, { top: 1000, features: true });
    const sum = e.contributions.filter((c) => c.kind === 'edge').reduce((s, c) => s + c.weight, 0);
    // Completeness: Σ IG = f(1) − f(0), up to the Riemann error of 64 midpoints.
    const gap = Math.abs(e.score - e.residual - sum);
    assert.ok(gap < 1e-2 * Math.max(0.1, Math.abs(e.score - e.residual)), `IG ${sum} vs ${e.score - e.residual}`);
    // Feature groups: Σ IG over genres/type/title/numeric = f(x) − f(0 features), same full-graph prediction.
    const feats = e.contributions.filter((c) => c.kind === 'feature');
    assert.deepEqual(feats.map((c) => c.label).sort(), ['genres', 'numeric', 'title', 'type'].filter((g) => feats.some((c) => c.label === g)));
    assert.ok(feats.length >= 2, feats.map((c) => c.label).join());
    const fd = (e.detail as { features: { baseline: number; completeness_gap: number } }).features;
    const fsum = feats.reduce((s, c) => s + c.weight, 0);
    assert.ok(Math.abs(fd.completeness_gap) < 2e-2 * Math.max(0.1, Math.abs(fsum)), `feature IG gap ${fd.completeness_gap} (sum ${fsum})`);
    // The unmasked forward and the plain-JS re-scoring equal the model's own (unclamped) prediction.
    const full = ex.scoreHistory(u, ex.history(u));
    assert.ok(Math.abs(full[i] - e.score) < 1e-4, `${full[i]} vs ${e.score}`);
    const pred = m.predict(Int32Array.of(u), Int32Array.of(i))[0];
    const [lo, hi] = m.range;
    assert.ok(Math.abs(Math.min(hi, Math.max(lo, e.score)) - pred) < 1e-3, `${e.score} vs model ${pred}`);
  }
});
