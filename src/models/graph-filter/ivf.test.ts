import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../util/rng.ts';
import { randomTrainData } from '../shared/train.fixture.ts';
import { recommendByCandidates } from './candidates.ts';
import { buildIvf, ivfSearch } from './ivf.ts';
import { GraphFilter } from './model.ts';

test('the IVF holds every item once with its row, and probing every list is the exact maximum inner product', () => {
  const n = 3000,
    dim = 12,
    rows = 40,
    c = 25;
  const rng = new Rng(4);
  const emb = Float32Array.from({ length: n * dim }, () => rng.normal());
  const ix = buildIvf(emb, n, dim, 30, 7);
  assert.equal(ix.lists, 30);
  assert.deepEqual(
    [...ix.items].sort((a, b) => a - b),
    Array.from({ length: n }, (_, j) => j),
  );
  for (let p = 0; p < n; p += 97)
    assert.deepEqual(
      ix.rows.subarray(p * dim, (p + 1) * dim),
      emb.subarray(ix.items[p]! * dim, (ix.items[p]! + 1) * dim),
    );
  // k-means, not one list: no list holds more than a fifth of the items.
  for (let l = 0; l < ix.lists; l++) assert.ok(ix.start[l + 1]! - ix.start[l]! < n / 5);
  assert.deepEqual(buildIvf(emb, n, dim, 30, 7).items, ix.items, 'seeded');

  const q = Float32Array.from({ length: rows * dim }, () => rng.normal());
  const indptr = Int32Array.from({ length: rows + 1 }, (_, r) => 3 * r);
  const indices = Int32Array.from({ length: 3 * rows }, (_, x) => (x * 131) % n);
  const exclude = { rows, cols: n, indptr, indices, values: null };
  const idx = new Int32Array(rows * c);
  const val = new Float32Array(rows * c);
  ivfSearch(ix, q, rows, ix.lists, c, exclude, idx, val);
  for (let r = 0; r < rows; r++) {
    const banned = new Set(indices.subarray(3 * r, 3 * r + 3));
    const all = Array.from({ length: n }, (_, j) => j).filter((j) => !banned.has(j));
    const dot = (j: number): number => {
      let s = 0;
      for (let t = 0; t < dim; t++) s += q[r * dim + t]! * emb[j * dim + t]!;
      return s;
    };
    all.sort((a, b) => dot(b) - dot(a) || a - b);
    assert.deepEqual([...idx.subarray(r * c, (r + 1) * c)], all.slice(0, c));
  }
  // Fewer probed lists: a subset of the catalogue, best first, padded with −1 only past the probed items.
  ivfSearch(ix, q, rows, 3, c, exclude, idx, val);
  for (let r = 0; r < rows; r++)
    for (let p = 1; p < c; p++) if (idx[r * c + p]! >= 0) assert.ok(val[r * c + p - 1]! >= val[r * c + p]!);
});

const U = 600,
  I = 400,
  K = 20;
const users = Int32Array.from({ length: U }, (_, u) => u);

test('graph-filter candidates through the IVF: all lists probed = exact lists; more lists probed, more of the exact lists', async () => {
  const model = new GraphFilter(U, I, { rank: 32 });
  await model.fit(randomTrainData(5, U, I), { seed: 1 });
  const exact = model.recommend(users, { k: K });
  const viaIvf = (c: number, lists: number, probe: number) =>
    recommendByCandidates(
      model.itemFilter(),
      model.seen,
      model.singularValues,
      model.config.alpha,
      users,
      { k: K },
      { candidates: c, retrievalRank: 64, hotItems: 40, ivf: { lists, probe } },
    );
  assert.deepEqual(viaIvf(I, 16, 16).items, exact.items);
  const recall = (probe: number): number => {
    const b = viaIvf(200, 16, probe);
    let hit = 0,
      total = 0;
    for (let u = 0; u < U; u++) {
      const got = new Set(b.items.subarray(u * K, u * K + K));
      for (const i of exact.items.subarray(u * K, u * K + K)) {
        if (i < 0) continue;
        total++;
        if (got.has(i)) hit++;
      }
    }
    return hit / total;
  };
  // Random (structureless) data: recall follows the share of the catalogue read — measured 0.397, 0.759, 0.954.
  const r = [4, 8, 12].map(recall);
  assert.ok(r[0]! < r[1]! && r[1]! < r[2]!, `recall ${r.join(', ')}`);
  assert.ok(r[1]! >= 0.72 && r[2]! >= 0.93, `recall ${r.join(', ')}`);
});

test('`ivfLists` / `ivfProbe` reach recommend: every list probed gives the lists of screening every item', async () => {
  const data = randomTrainData(5, U, I);
  const plain = new GraphFilter(U, I, { rank: 32, candidates: 120 });
  const ivf = new GraphFilter(U, I, { rank: 32, candidates: 120, ivfLists: 16, ivfProbe: 16 });
  const few = new GraphFilter(U, I, { rank: 32, candidates: 120, ivfLists: 16, ivfProbe: 2 });
  for (const m of [plain, ivf, few]) await m.fit(data, { seed: 1 });
  const a = plain.recommend(users, { k: K });
  assert.deepEqual(ivf.recommend(users, { k: K }).items, a.items);
  assert.notDeepEqual(few.recommend(users, { k: K }).items, a.items);
});

test('with an IVF one user and a new user’s fold-in are ranked by candidates: every list probed = the exact lists', async () => {
  const data = randomTrainData(5, U, I);
  const exact = new GraphFilter(U, I, { rank: 32 });
  const all = new GraphFilter(U, I, { rank: 32, candidates: I, ivfLists: 16, ivfProbe: 16 });
  const few = new GraphFilter(U, I, { rank: 32, candidates: 40, ivfLists: 16, ivfProbe: 2 });
  for (const m of [exact, all, few]) await m.fit(data, { seed: 1 });
  let differs = 0;
  for (const u of [0, 7, 123, 599]) {
    const opts = { k: K, exclude: [Int32Array.of(u % I, (u * 7) % I)] };
    const a = exact.recommend(Int32Array.of(u), opts);
    const b = all.recommend(Int32Array.of(u), opts);
    assert.deepEqual(b.items, a.items);
    for (let x = 0; x < K; x++) assert.ok(Math.abs(a.scores[x]! - b.scores[x]!) < 1e-5);
    // Two of 16 lists: one user is not scored exactly any more (the IVF path, not the dense one).
    if (few.recommend(Int32Array.of(u), opts).items.join() !== a.items.join()) differs++;
  }
  assert.ok(differs > 0);

  // A new user: another user's history, one item rated 0 (not a positive, yet rated, so never recommended).
  const items = Int32Array.from([...exact.history(5), 11]);
  const ratings = Float32Array.from(items, (_, p) => (p === items.length - 1 ? 0 : 4));
  const exclude = Int32Array.of(3, 17);
  const scores = exact.foldIn(items, ratings);
  const skip = new Set([...exclude, ...items]);
  const want = Array.from({ length: I }, (_, j) => j)
    .filter((j) => !skip.has(j))
    .sort((x, y) => scores[y]! - scores[x]! || x - y)
    .slice(0, K);
  assert.equal(exact.foldInTop(items, ratings, K, exclude), undefined);
  const top = all.foldInTop(items, ratings, K, exclude)!;
  assert.deepEqual([...top.items], want);
  for (let x = 0; x < K; x++) assert.ok(Math.abs(top.scores[x]! - scores[want[x]!]!) < 1e-5);
  assert.notDeepEqual([...few.foldInTop(items, ratings, K, exclude)!.items], want);
});
