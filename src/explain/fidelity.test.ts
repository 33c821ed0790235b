import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fidelity, inTopK } from './fidelity.ts';
import { rankContributions, type EdgeRef, type Explainer } from './types.ts';

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
    model: 'toy',
    method: 'toy',
    user,
    item,
    score: 7,
    residual: 0,
    contributions: rankContributions(
      [0, 1, 2].map((j) => ({
        kind: 'item' as const,
        id: j,
        label: String(j),
        weight: W[j][item],
        share: 0,
      })),
      opts.top ?? 10,
    ),
  }),
};

test('fidelity on a hand-computed case', () => {
  // Full scores: item 3 = 7, item 4 = 6 → item 3 is top-1; its explanation is item 0 (weight 5).
  // Remove 0 → 3: 2, 4: 4 → item 3 leaves the top-1 (fidelity+ = 1).
  // Keep only 0 → 3: 5, 4: 2 → it stays (fidelity− = 0).
  // Highest degree is item 1 → remove it → 3: 6, 4: 4 → it stays (degree fidelity+ = 0).
  const r = fidelity(toy, {
    users: Int32Array.of(0),
    k: 1,
    size: 1,
    perUser: 1,
    itemDegree: [1, 10, 1, 0, 0, 0],
    seed: 3,
  });
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
  assert.equal(r.side_random_fidelity_plus, undefined);
});

test('inTopK ignores excluded items and counts ties against the item', () => {
  const s = Float32Array.of(9, 1, 1, 0.5);
  assert.equal(inTopK(s, 1, 1, new Set([0])), false);
  assert.equal(inTopK(s, 1, 2, new Set([0])), true);
});

// Edge-level explainer: user-side edges 0, 1, 2 add 1 to items 3 and 4; raters 10 and 11 of item 3 add 4 and 0.5
// to item 3 only (they are edges into item 3).
const rater: Record<number, number> = { 10: 4, 11: 0.5 };
const edgeToy: Explainer = {
  method: 'edge-toy',
  history: () => Int32Array.of(0, 1, 2),
  scoreHistory: (_u, kept) => Float32Array.of(0, 0, 0, kept.length + 4.5, kept.length, 0),
  pairEdges: (): EdgeRef[] => [
    ...[0, 1, 2].map((node) => ({ side: 'user' as const, node })),
    ...[10, 11].map((node) => ({ side: 'item' as const, node })),
  ],
  scoreWithout: (_u, item, removed) => {
    const users = removed.filter((e) => e.side === 'user').length;
    const s = Float32Array.of(0, 0, 0, 3 - users, 3 - users, 0);
    s[item] += [10, 11].reduce(
      (t, v) => t + (removed.some((e) => e.side === 'item' && e.node === v) ? 0 : rater[v]),
      0,
    );
    return s;
  },
  explain: (user, item, opts = {}) => ({
    model: 'toy',
    method: 'edge-toy',
    user,
    item,
    score: 7.5,
    residual: 0,
    contributions: rankContributions(
      [
        ...[0, 1, 2].map((j) => ({
          kind: 'edge' as const,
          id: j,
          label: String(j),
          weight: 1,
          share: 0,
          edge: { side: 'user' as const, node: j },
        })),
        ...[10, 11].map((v) => ({
          kind: 'edge' as const,
          id: -1,
          label: `user ${v}`,
          weight: rater[v],
          share: 0,
          edge: { side: 'item' as const, node: v },
        })),
      ],
      opts.top ?? 10,
    ),
  }),
};

test('fidelity removes the edges an edge explanation names, on both sides of the pair', () => {
  // Item 3 scores 7.5 (3 user-side + 4.5 item-side), item 4 scores 3. Size 1: the explanation is rater 10 (weight 4).
  // Remove it → 3.5 (item 3 stays top-1); keep only it → 4; highest degree is rater 11 (user degree 50) → 7.
  const itemDegree = new Float64Array(12);
  itemDegree.set([1, 10, 1]);
  const userDegree = new Float64Array(12);
  userDegree[10] = 2;
  userDegree[11] = 50;
  const r = fidelity(edgeToy, {
    users: Int32Array.of(0),
    k: 1,
    size: 1,
    perUser: 1,
    itemDegree,
    userDegree,
    seed: 3,
  });
  const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);
  assert.equal(r.cases, 1);
  close(r.fidelity_plus, 4 / 7.5);
  close(r.fidelity_minus, 3.5 / 7.5);
  close(r.degree_fidelity_plus, 0.5 / 7.5);
  assert.ok(
    [1 / 7.5, 4 / 7.5, 0.5 / 7.5].some((x) => Math.abs(r.random_fidelity_plus - x) < 1e-6),
    String(r.random_fidelity_plus),
  );
  assert.equal(r.topk_exit_plus, 0);
  assert.equal(r.topk_exit_minus, 0);
  // Side-matched random: one random rater of item 3 (the explanation names one item-side edge).
  assert.ok(
    [4 / 7.5, 0.5 / 7.5].some((x) => Math.abs((r.side_random_fidelity_plus ?? NaN) - x) < 1e-6),
    String(r.side_random_fidelity_plus),
  );
});

test('fidelity with a degree floor explains the top item among items with enough interactions', () => {
  // Item 3 (degree 0) is left out of the ranking, so item 4 (score 6, weights 2/2/2) is explained: removing its
  // first contributor (item 0) leaves 4 → fidelity+ 2/6; keeping only it leaves 2 → fidelity− 4/6.
  const r = fidelity(toy, {
    users: Int32Array.of(0),
    k: 1,
    size: 1,
    perUser: 1,
    itemDegree: [1, 10, 1, 0, 5, 0],
    minItemDegree: 1,
    seed: 3,
  });
  assert.equal(r.cases, 1);
  assert.ok(
    Math.abs(r.fidelity_plus - 2 / 6) < 1e-6 && Math.abs(r.fidelity_minus - 4 / 6) < 1e-6,
    JSON.stringify(r),
  );
});
