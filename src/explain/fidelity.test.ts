import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fidelity, inTopK } from './fidelity.ts';
import { rankContributions, type Explainer } from './types.ts';

// Item j of the history adds W[j][i] to item i's score (a linear model small enough to check by hand).
const W: Record<number, number[]> = {
  0: [0, 0, 0, 5, 2, 0],
  1: [0, 0, 0, 1, 2, 0],
  2: [0, 0, 0, 1, 2, 0],
};

const toy: Explainer = {
  method: 'toy',
  history: () => Int32Array.of(0, 1, 2),
  scoreHistory: (_u, kept) => {
    const s = new Float32Array(6);
    for (const j of kept) W[j].forEach((w, i) => (s[i] += w));
    return s;
  },
  explain: (user, item, opts = {}) => ({
    model: 'toy', method: 'toy', user, item, score: 7, residual: 0,
    contributions: rankContributions([0, 1, 2].map((j) => ({ kind: 'item' as const, id: j, label: String(j), weight: W[j][item], share: 0 })), opts.top ?? 10),
  }),
};

test('fidelity on a hand-computed case', () => {
  // Full scores: item 3 = 7, item 4 = 6 → item 3 is top-1; its explanation is item 0 (weight 5).
  // Remove 0 → 3: 2, 4: 4 → item 3 leaves the top-1 (fidelity+ = 1).
  // Keep only 0 → 3: 5, 4: 2 → it stays (fidelity− = 0).
  // Highest degree is item 1 → remove it → 3: 6, 4: 4 → it stays (degree fidelity+ = 0).
  const r = fidelity(toy, { users: Int32Array.of(0), k: 1, size: 1, perUser: 1, itemDegree: [1, 10, 1, 0, 0, 0], seed: 3 });
  assert.equal(r.cases, 1);
  assert.equal(r.size, 1);
  assert.equal(r.topk_exit_plus, 1);
  assert.equal(r.topk_exit_minus, 0);
  assert.equal(r.degree_topk_exit_plus, 0);
  assert.ok(r.random_topk_exit_plus === 0 || r.random_topk_exit_plus === 1);
  // Relative score drops of item 3 (full score 7): remove 0 → 2, keep 0 → 5, remove 1 → 6.
  const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);
  close(r.fidelity_plus, 5 / 7);
  close(r.fidelity_minus, 2 / 7);
  close(r.degree_fidelity_plus, 1 / 7);
  assert.ok([5 / 7, 1 / 7].some((x) => Math.abs(r.random_fidelity_plus - x) < 1e-6));
});

test('inTopK ignores excluded items and counts ties against the item', () => {
  const s = Float32Array.of(9, 1, 1, 0.5);
  assert.equal(inTopK(s, 1, 1, new Set([0])), false);
  assert.equal(inTopK(s, 1, 2, new Set([0])), true);
});
