import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdMap } from '../../data/idmap.ts';
import { generateSynthetic } from '../../data/synthetic.ts';
import { Rng } from '../../util/rng.ts';
import { Item2VecRecommender } from './model.ts';
import { item2vecFactory } from './factory.ts';
import type { Dataset } from '../../data/types.ts';

/** 3 clusters of 10 items; each user rates 6 items of one cluster 5 stars (plus item 30, rated 2, never liked). */
function clustered(users: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const u: number[] = [];
  const i: number[] = [];
  const r: number[] = [];
  for (let user = 0; user < users; user++) {
    const c = user % 3;
    const picks = rng.shuffle(Int32Array.from({ length: 10 }, (_, k) => c * 10 + k)).subarray(0, 6);
    for (const it of picks) {
      u.push(user);
      i.push(it);
      r.push(5);
    }
    u.push(user);
    i.push(30);
    r.push(2);
  }
  return {
    name: 'clusters',
    format: 'synthetic',
    users: new IdMap(Array.from({ length: users }, (_, k) => `u${k}`)),
    items: new IdMap(Array.from({ length: 31 }, (_, k) => `i${k}`)),
    interactions: {
      user: Int32Array.from(u),
      item: Int32Array.from(i),
      rating: Float32Array.from(r),
      timestamp: null,
    },
    itemMeta: Array.from({ length: 31 }, (_, k) => ({ title: `Item ${k}` })),
    ratingRange: [0.5, 5],
  };
}

const small = { minWeight: 1, numWalks: 20, dim: 16, window: 5, epochs: 5 };

async function fitted(ds: Dataset, config: Record<string, unknown>, seed = 1): Promise<Item2VecRecommender> {
  const m = new Item2VecRecommender(config, { numUsers: ds.users.size, numItems: ds.items.size });
  await m.fit(
    { numUsers: ds.users.size, numItems: ds.items.size, train: ds.interactions, dataset: ds },
    { seed },
  );
  return m;
}

test('SGNS puts co-occurring items closer than items of other clusters', async () => {
  const ds = clustered(90, 5);
  const m = await fitted(ds, small);
  const s = m.trained;
  const cos = (a: number, b: number): number => {
    let d = 0;
    for (let c = 0; c < s.dim; c++) d += s.emb[s.itemNode[a] * s.dim + c] * s.emb[s.itemNode[b] * s.dim + c];
    return d;
  };
  let within = 0;
  let across = 0;
  let nw = 0;
  let na = 0;
  for (let a = 0; a < 30; a++) {
    for (let b = a + 1; b < 30; b++) {
      if (Math.floor(a / 10) === Math.floor(b / 10)) {
        within += cos(a, b);
        nw++;
      } else {
        across += cos(a, b);
        na++;
      }
    }
  }
  assert.ok(within / nw > across / na + 0.3, `within ${within / nw} vs across ${across / na}`);
  const top = m.similarItems(Int32Array.of(0, 15, 27), 5);
  for (let r = 0; r < 3; r++) {
    const cluster = Math.floor([0, 15, 27][r] / 10);
    for (let j = 0; j < 5; j++) assert.equal(Math.floor(top.items[r * 5 + j] / 10), cluster);
  }
});

test('items off the graph: no similar items, ranked after in-graph items (both user scorings)', async () => {
  const ds = clustered(30, 2);
  const m = await fitted(ds, small);
  assert.equal(m.trained.itemNode[30], -1);
  const sim = m.similarItems(Int32Array.of(30), 3);
  assert.deepEqual(Array.from(sim.items), [-1, -1, -1]);
  const scores = m.scoreUsers(Int32Array.of(0));
  for (let i = 0; i < 10; i++) assert.ok(scores[i] > scores[30], `neighbours: item ${i}`);
  const mean = await fitted(ds, { ...small, userScoring: 'mean' });
  const ms = mean.scoreUsers(Int32Array.of(0));
  for (let i = 0; i < 30; i++) assert.ok(ms[i] > ms[30], `mean: item ${i}`);
  const rec = m.recommend(Int32Array.of(0), { k: 31, filterSeen: true });
  const listed = Array.from(rec.items).filter((i) => i >= 0);
  assert.equal(listed.length, 31 - 7); // six liked + item 30 seen in training
  // A fold-in profile of cluster-1 items ranks cluster-1 items first.
  const f = m.foldIn(Int32Array.of(10, 11, 12), Float32Array.of(5, 5, 5));
  const order = Array.from(f.keys()).sort((a, b) => f[b] - f[a]);
  for (const i of order.slice(0, 3)) assert.ok(i >= 10 && i < 20, `fold-in ranked ${i}`);
});

test('fit is deterministic for a seed and reports the graph size', async () => {
  const ds = clustered(30, 3);
  const a = new Item2VecRecommender(small, { numUsers: 30, numItems: 31 });
  const rep = await a.fit(
    { numUsers: 30, numItems: 31, train: ds.interactions, dataset: ds },
    { seed: 4, epochs: 2 },
  );
  assert.equal(rep.epochs, 2);
  const g = rep.extra?.graph as { nodes: number; edges: number };
  assert.equal(g.nodes, 30);
  assert.equal(g.edges, a.trained.graph.edges);
  const b = await fitted(ds, small, 4);
  const c = await fitted(ds, { ...small, epochs: 2 }, 4);
  assert.deepEqual(a.trained.emb, c.trained.emb);
  assert.notDeepEqual(a.trained.emb, b.trained.emb);
});

test('save/load round-trip gives identical similar items, scores and titles', async () => {
  const ds = generateSynthetic({ users: 80, items: 60, seed: 3, interactionsPerUser: 15 });
  const m = await fitted(ds, { minRating: 3, minWeight: 0.5, numWalks: 5, dim: 8, epochs: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-i2v-'));
  await m.save(dir);
  assert.deepEqual((await readdir(dir)).sort(), ['manifest.json', 'tensors.safetensors', 'titles.json']);
  const back = await item2vecFactory.load(dir);
  const items = Int32Array.from({ length: 60 }, (_, i) => i);
  assert.deepEqual(back.similarItems(items, 10), m.similarItems(items, 10));
  const users = Int32Array.of(0, 5, 79);
  assert.deepEqual(back.scoreUsers(users), m.scoreUsers(users));
  assert.deepEqual(back.recommend(users, { k: 5 }), m.recommend(users, { k: 5 }));
  assert.deepEqual(
    (back as Item2VecRecommender).trained.titles,
    ds.itemMeta.map((x) => x.title ?? null),
  );
  assert.equal((back as Item2VecRecommender).config.minRating, 3);
});

test('unknown or mistyped config is a usage error', () => {
  assert.throws(
    () => new Item2VecRecommender({ dimm: 3 }, { numUsers: 1, numItems: 1 }),
    /item2vec: config 'dimm' is not a key of item2vec \(keys: .*dim.*\)/,
  );
  assert.throws(
    () => new Item2VecRecommender({ p: 0 }, { numUsers: 1, numItems: 1 }),
    /item2vec: config 'p' must be a number > 0, got 0/,
  );
});
