import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../util/rng.ts';
import type { Interactions } from '../../data/types.ts';
import { Ease } from './model.ts';
import { invertSpdInPlace } from './gram.ts';

/** A random binary users × items pattern with a popularity skew (seeded). */
function pattern(users: number, items: number, perUser: number, seed: number): Interactions {
  const rng = new Rng(seed);
  const u: number[] = [];
  const i: number[] = [];
  for (let a = 0; a < users; a++) {
    const got = new Set<number>();
    while (got.size < perUser) got.add(Math.floor(items * rng.uniform() ** 2));
    for (const b of got) {
      u.push(a);
      i.push(b);
    }
  }
  return {
    user: Int32Array.from(u),
    item: Int32Array.from(i),
    rating: new Float32Array(u.length).fill(1),
    timestamp: null,
  };
}

test('invertSpdInPlace inverts a symmetric positive-definite matrix', () => {
  const a = Float64Array.of(4, 1, 0, 1, 3, 1, 0, 1, 2);
  const inv = a.slice();
  invertSpdInPlace(inv, 3);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let p = 0; p < 3; p++) s += a[r * 3 + p]! * inv[p * 3 + c]!;
      assert.ok(Math.abs(s - (r === c ? 1 : 0)) < 1e-12, `(A·A⁻¹)[${r},${c}] = ${s}`);
    }
});

test('dual and primal EASE give the same fold-in scores, and the dual form survives save/load', async () => {
  const train = pattern(30, 60, 8, 3);
  const sizes = { numUsers: 30, numItems: 60 };
  const plain = { lambda: 5, ratingPower: 0, filterBlend: 0 };
  const dual = new Ease(30, 60, plain);
  const primal = new Ease(30, 60, { ...plain, maxDualUsers: 1, maxItems: 60 });
  const r1 = await dual.fit({ ...sizes, train }, { seed: 1 });
  const r2 = await primal.fit({ ...sizes, train }, { seed: 1 });
  assert.equal(r1.extra?.['form'], 'dual');
  assert.equal(r2.extra?.['form'], 'primal');
  const hist = Int32Array.of(0, 3, 7);
  const a = dual.foldIn(hist, Float32Array.of(5, 4, 2));
  const b = primal.foldIn(hist, Float32Array.of(5, 4, 2));
  for (let i = 0; i < 60; i++) {
    if (hist.includes(i)) continue;
    assert.ok(Math.abs(a[i]! - b[i]!) < 1e-4, `item ${i}: dual ${a[i]} vs primal ${b[i]}`);
  }
  // Per-rating terms read at listed items equal the full terms there (dual: from K and X; primal: the fallback).
  for (const m of [dual, primal]) {
    const full = m.foldInTerms(hist, Float32Array.of(5, 4, 2));
    const at = Int32Array.of(59, 3, 10, 0);
    const listed = m.foldInTerms(hist, Float32Array.of(5, 4, 2), at);
    full.terms.forEach((t, p) =>
      at.forEach((i, q) =>
        assert.ok(
          Math.abs(listed.terms[p]![q]! - t[i]!) < 1e-5,
          `term ${p} at ${i}: ${listed.terms[p]![q]} vs ${t[i]}`,
        ),
      ),
    );
  }
  // Scores are personal: another history ranks differently.
  const c = dual.foldIn(Int32Array.of(40, 50), Float32Array.of(5, 5));
  assert.notDeepEqual(Array.from(a.slice(10, 30)), Array.from(c.slice(10, 30)));
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-ease-'));
  try {
    await dual.save(dir);
    const back = await Ease.load(dir);
    assert.deepEqual(Array.from(back.foldIn(hist, Float32Array.of(5, 4, 2))), Array.from(a));
    const top = back.recommend(Int32Array.of(0), { k: 5 });
    const seen = new Set(Array.from(train.item.filter((_, p) => train.user[p] === 0)));
    for (const i of top.items) assert.ok(!seen.has(i), `seen item ${i} recommended`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the default EASE weights ratings and blends the filter, and survives save/load', async () => {
  const train = pattern(40, 80, 10, 5);
  const sizes = { numUsers: 40, numItems: 80 };
  const e = new Ease(40, 80);
  await e.fit({ ...sizes, train }, { seed: 1 });
  const items = Int32Array.of(1, 2, 30);
  const a = e.foldIn(items, Float32Array.of(5, 1, 3));
  const b = e.foldIn(items, Float32Array.of(1, 5, 3));
  // Swapping which item got the 5 changes the scores: the ratings are weights, not just "seen".
  assert.ok(a.some((x, i) => Math.abs(x - b[i]!) > 1e-3));
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-ease-'));
  try {
    await e.save(dir);
    const back = await Ease.load(dir);
    assert.deepEqual(back.config, e.config);
    // The per-rating terms add up to the scores at every item outside the history.
    const { scores, terms } = back.foldInTerms(items, Float32Array.of(5, 1, 3));
    for (let i = 0; i < 80; i++) {
      if (items.includes(i)) continue;
      const sum = terms.reduce((s, t) => s + t[i]!, 0);
      assert.ok(Math.abs(sum - scores[i]!) < 1e-3, `item ${i}: Σ terms ${sum} vs score ${scores[i]}`);
    }
    // Terms read at listed items (the explanation's fast path) are the full terms' values there, history items too.
    const at = Int32Array.of(79, 2, 0, 41, 30, 7);
    const listed = back.foldInTerms(items, Float32Array.of(5, 1, 3), at);
    assert.deepEqual(Array.from(listed.scores), Array.from(scores));
    terms.forEach((t, p) =>
      at.forEach((i, q) =>
        assert.ok(
          Math.abs(listed.terms[p]![q]! - t[i]!) < 1e-5,
          `term ${p} at ${i}: ${listed.terms[p]![q]} vs ${t[i]}`,
        ),
      ),
    );
    const c = back.foldIn(items, Float32Array.of(5, 1, 3));
    for (let i = 0; i < 80; i++) assert.ok(Math.abs(c[i]! - a[i]!) < 1e-5, `item ${i}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
