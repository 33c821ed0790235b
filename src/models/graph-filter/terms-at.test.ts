import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainItems } from '../../explain/list.ts';
import { randomTrainData } from '../shared/train.fixture.ts';
import { GraphFilter } from './model.ts';
import { gfTermsAt } from './terms-at.ts';

const U = 300,
  I = 200;

test('GF-CF terms at listed items equal the filtered one-item signals there, by either walk, and sum to the fold-in', async () => {
  const m = new GraphFilter(U, I, { rank: 16 });
  await m.fit(randomTrainData(3, U, I), { seed: 1 });
  const hist = Int32Array.from([...m.history(4), ...m.history(9)].filter((j, p, a) => a.indexOf(j) === p));
  const at = Int32Array.of(0, 5, 17, 42, 199, hist[0]!);
  const rows = m.scoreSignals(Array.from(hist, (j) => ({ items: Int32Array.of(j), weights: null })));
  for (const side of ['history', 'target', 'auto'] as const) {
    const got = gfTermsAt(m.itemFilter(), m.config.alpha, hist, at, side);
    hist.forEach((_, p) =>
      at.forEach((i, q) => {
        const want = rows[p * I + i]!;
        assert.ok(
          Math.abs(got[p * at.length + q]! - want) < 1e-5 + 1e-4 * Math.abs(want),
          `${side} ${p} ${q}`,
        );
      }),
    );
  }
  // A zero rating is not a positive: its term is 0 and the sum is the fold-in's score.
  const items = Int32Array.from([...hist, hist[0]!, 77]);
  const ratings = Float32Array.from(items, (_, p) => (p === items.length - 1 ? 0 : 4));
  const { scores, terms } = m.foldInTerms(items, ratings, at);
  const full = m.foldIn(items, ratings);
  assert.deepEqual([...terms[items.length - 1]!], new Array<number>(at.length).fill(0));
  assert.deepEqual([...terms[hist.length]!], new Array<number>(at.length).fill(0), 'a repeat counts once');
  at.forEach((i, q) => {
    let sum = 0;
    for (const t of terms) sum += t[q]!;
    assert.ok(Math.abs(sum - full[i]!) < 1e-4 * (1 + Math.abs(full[i]!)));
    assert.ok(Math.abs(scores[i]! - full[i]!) < 1e-4 * (1 + Math.abs(full[i]!)));
  });
  // The list explainer reads these terms: residual ≈ 0, contributions are rated items.
  const ex = explainItems(m, at.subarray(0, 3), { history: { items, ratings }, top: 5 });
  for (const e of ex) assert.ok(Math.abs(e.residual) < 1e-4 * (1 + Math.abs(e.score)));
});

test('BSPM terms (no closed form at a few items) are the filtered one-item signals, 64 at a time', async () => {
  const m = new GraphFilter(U, I, { rank: 16, variant: 'bspm' });
  await m.fit(randomTrainData(3, U, I), { seed: 1 });
  const items = Int32Array.from({ length: 70 }, (_, p) => (p * 3) % I);
  const ratings = new Float32Array(70).fill(1);
  const at = Int32Array.of(1, 2, 150);
  const { terms } = m.foldInTerms(items, ratings, at);
  const rows = m.scoreSignals(Array.from(items, (j) => ({ items: Int32Array.of(j), weights: null })));
  items.forEach((_, p) => at.forEach((i, q) => assert.equal(terms[p]![q], rows[p * I + i])));
});
