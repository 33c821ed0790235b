import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../../data/synthetic.ts';
import { randomSplit } from '../../data/splits.ts';
import { selectInteractions } from '../../data/select.ts';
import { Rng } from '../../util/rng.ts';
import { HeteroSageModel } from './model.ts';
import { loadSageModel } from './restore.ts';
import { heteroSageFactory } from './factory.ts';

const ds = generateSynthetic({ users: 200, items: 60, seed: 4, interactionsPerUser: 40 });
const split = randomSplit(ds.interactions.user.length, [0.8, 0.1, 0.1], new Rng(4));
const train = selectInteractions(ds.interactions, split.train);
const val = selectInteractions(ds.interactions, split.val);
const testPart = selectInteractions(ds.interactions, split.test);
const CONFIG = {
  hidden: 16,
  userDim: 16,
  epochs: 100,
  patience: 0,
  featureCache: '',
  features: { title: 'hash' },
};

function rmse(p: Float32Array, t: Float32Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += (p[k] - t[k]) ** 2;
  return Math.sqrt(s / p.length);
}

let trained: HeteroSageModel | null = null;
async function model(): Promise<HeteroSageModel> {
  if (!trained) {
    trained = heteroSageFactory.create(CONFIG, {
      numUsers: ds.users.size,
      numItems: ds.items.size,
    }) as HeteroSageModel;
    await trained.fit(
      { numUsers: ds.users.size, numItems: ds.items.size, train, val, dataset: ds },
      { seed: 1 },
    );
  }
  return trained;
}

test('training lowers RMSE well below the predict-the-mean baseline (synthetic ratings)', async () => {
  const m = await model();
  let mean = 0;
  for (const r of train.rating) mean += r / train.rating.length;
  const base = rmse(new Float32Array(testPart.rating.length).fill(mean), testPart.rating);
  const got = rmse(m.predict(testPart.user, testPart.item), testPart.rating);
  const fitTrain = rmse(m.predict(train.user, train.item), train.rating);
  assert.ok(fitTrain < 0.85 * base, `train RMSE ${fitTrain}, test ${got} vs mean baseline ${base}`);
  console.log(
    `synthetic RMSE: train ${fitTrain.toFixed(3)}, test ${got.toFixed(3)}, mean baseline ${base.toFixed(3)}`,
  );
  assert.ok(got < 0.93 * base, `test RMSE ${got} vs mean baseline ${base}`);
  const p = m.predict(testPart.user, testPart.item);
  for (const v of p) assert.ok(v >= 0.5 && v <= 5);
});

test('recommend: top-K unseen items ordered by predicted rating; scoreUsers agrees with predict', async () => {
  const m = await model();
  const users = Int32Array.of(0, 7);
  const top = m.recommend(users, { k: 5 });
  const scores = m.scoreUsers(users);
  for (let r = 0; r < 2; r++) {
    const seen = new Set<number>();
    for (let k = 0; k < train.user.length; k++) if (train.user[k] === users[r]) seen.add(train.item[k]);
    for (let j = 0; j < 5; j++) {
      const it = top.items[r * 5 + j];
      assert.ok(it >= 0 && !seen.has(it));
      if (j > 0) assert.ok(top.scores[r * 5 + j] <= top.scores[r * 5 + j - 1] + 1e-6);
    }
  }
  const pred = m.predict(Int32Array.of(7, 7), Int32Array.of(3, 9));
  assert.ok(
    Math.abs(pred[0] - scores[ds.items.size + 3]) < 1e-5 &&
      Math.abs(pred[1] - scores[ds.items.size + 9]) < 1e-5,
  );
});

test('foldIn scores a new user from their ratings; save/load round-trips predictions', async () => {
  const m = await model();
  const liked = Int32Array.of(1, 2, 3);
  const a = m.foldIn(liked, Float32Array.of(5, 5, 5));
  const b = m.foldIn(liked, Float32Array.of(1, 1, 1));
  assert.equal(a.length, ds.items.size);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  assert.ok(ma > mb, 'a user who rated everything 5 gets higher predictions than one who rated 1');
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-sage-'));
  await m.save(dir);
  const back = await loadSageModel(dir);
  assert.deepEqual(back.predict(testPart.user, testPart.item), m.predict(testPart.user, testPart.item));
  assert.deepEqual(
    back.recommend(Int32Array.of(3), { k: 4 }).items,
    m.recommend(Int32Array.of(3), { k: 4 }).items,
  );
  const man = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    kind: string;
    extra: { eda: { byGenre: unknown[] } };
  };
  assert.equal(man.kind, 'hetero-sage');
  assert.ok(man.extra.eda.byGenre.length > 0);
});

test('neighbour-sampled mini-batch training also learns', async () => {
  const mb = new HeteroSageModel(ds.users.size, ds.items.size, {
    ...CONFIG,
    batchSize: 512,
    fanouts: [5, 5],
    epochs: 15,
    features: { title: 'none' },
  });
  const rep = await mb.fit(
    { numUsers: ds.users.size, numItems: ds.items.size, train, val, dataset: ds },
    { seed: 2 },
  );
  assert.equal(rep.curve.length, 15);
  assert.ok(rep.curve[14].loss < rep.curve[0].loss);
});
