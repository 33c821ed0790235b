import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RankingMetrics, gini, itemCoverage, rmse, mae } from './metrics.ts';

const close = (a: number, b: number, msg?: string): void =>
  assert.ok(Math.abs(a - b) < 1e-12, `${msg ?? ''} ${a} != ${b}`);

test('hand-computed user: top [5,1,7,2,9], truth {1,2,3}', () => {
  const m = new RankingMetrics([2, 5], 10);
  m.add(new Int32Array([5, 1, 7, 2, 9]), 0, [1, 2, 3]);
  const r = m.result();
  // hits at ranks 2 and 4.
  const d = (r: number): number => 1 / Math.log2(r + 1);
  close(r['recall@2'], 1 / 3);
  close(r['precision@2'], 1 / 2);
  close(r['ndcg@2'], d(2) / (d(1) + d(2)));
  close(r['map@2'], 1 / 2 / 2);
  close(r['hit@2'], 1);
  close(r['mrr@2'], 1 / 2);
  close(r['recall@5'], 2 / 3);
  close(r['precision@5'], 2 / 5);
  close(r['ndcg@5'], (d(2) + d(4)) / (d(1) + d(2) + d(3)));
  close(r['map@5'], (1 / 2 + 2 / 4) / 3);
  close(r['hit@5'], 1);
  close(r['mrr@5'], 1 / 2);
  close(r['coverage@5'], 5 / 10);
});

test('averages over users; users without truth are skipped; misses score zero', () => {
  const m = new RankingMetrics([1, 3], 4);
  m.add(new Int32Array([0, 1, 2]), 0, [0]); // perfect
  m.add(new Int32Array([9, 9, 3, 0, 1, 2]), 3, [3]); // offset 3: list [0,1,2], truth 3 → miss
  m.add(new Int32Array([0, 1, 2]), 0, []); // ignored
  const r = m.result();
  assert.equal(m.count, 2);
  close(r['recall@1'], 0.5);
  close(r['ndcg@1'], 0.5);
  close(r['ndcg@3'], 0.5);
  close(r['mrr@3'], 0.5);
  close(r['hit@3'], 0.5);
  close(r['precision@3'], 1 / 3 / 2);
});

test('IDCG uses min(|truth|, K) and -1 padding never hits', () => {
  const m = new RankingMetrics([3], 5);
  m.add(new Int32Array([4, -1, -1]), 0, [4, 0, 1, 2, 3]);
  const r = m.result();
  close(r['ndcg@3'], 1 / (1 + 1 / Math.log2(3) + 1 / 2));
  close(r['recall@3'], 1 / 5);
  close(r['map@3'], 1 / 3);
});

test('gini and coverage on hand-computed counts', () => {
  close(gini([1, 1, 1, 1]), 0);
  close(gini([0, 0, 0, 4]), 3 / 4); // (2*4-4-1)*4/(4*4)
  close(gini([0, 1, 2, 3]), (-3 * 0 + -1 * 1 + 1 * 2 + 3 * 3) / (4 * 6));
  close(itemCoverage([0, 2, 0, 1]), 0.5);
});

test('rmse and mae', () => {
  close(rmse([1, 2, 3], [1, 4, 0]), Math.sqrt((0 + 4 + 9) / 3));
  close(mae([1, 2, 3], [1, 4, 0]), 5 / 3);
  assert.throws(() => rmse([1], [1, 2]));
});
