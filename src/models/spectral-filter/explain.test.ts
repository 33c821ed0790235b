import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../../data/synthetic.ts';
import { kindExplainer, hasKindExplainer } from '../../explain/by-kind.ts';
import { SpectralFilter } from './model.ts';

const ds = generateSynthetic({ users: 60, items: 40, seed: 5, interactionsPerUser: 9, explicit: false });

for (const [rowNorm, sharpenT, sharpenSolver, lowRankUserExp] of [
  [false, 0, 'euler', 0],
  [true, 0, 'euler', 0],
  [true, 1.5, 'euler', 0],
  [true, 2.5, 'rk4', 0],
  [false, 2.5, 'rk4', 0.8],
] as const)
  test(`spectral-filter explainer (rowNorm ${rowNorm}, sharpenT ${sharpenT} ${sharpenSolver}, κ ${lowRankUserExp}): exact item terms that sum to the model's score`, async () => {
    const m = new SpectralFilter(ds.users.size, ds.items.size, {
      fitRank: 12,
      maxRankFraction: 1,
      power: 1,
      gamma: 2,
      linearInput: 'normalized',
      rowNorm,
      sharpenT,
      sharpenSolver,
      lowRankUserExp,
      threads: 1,
    });
    await m.fit(
      { numUsers: ds.users.size, numItems: ds.items.size, train: ds.interactions, dataset: ds },
      { seed: 1 },
    );
    assert.ok(hasKindExplainer(m));
    const ex = kindExplainer(m);
    assert.ok(ex);
    assert.equal(ex.method, 'spectral-filter-exact');
    const user = 3;
    const scores = m.scoreUsers(Int32Array.of(user));
    const hist = ex.history(user);
    for (const item of [0, 7, 21]) {
      const e = ex.explain(user, item, { top: hist.length });
      assert.equal(e.contributions.length, hist.length, 'one term per rated item');
      const sum = e.contributions.reduce((a, c) => a + c.weight, 0);
      assert.ok(
        Math.abs(sum - scores[item]) < 1e-4 * (1 + Math.abs(scores[item])),
        `${sum} vs ${scores[item]}`,
      );
      assert.ok(Math.abs(e.score - scores[item]) < 1e-4 * (1 + Math.abs(scores[item])));
      assert.equal(e.residual, 0);
    }
    // Keeping the whole history scores exactly as the model does.
    assert.deepEqual(ex.scoreHistory(user, hist), scores);
  });
