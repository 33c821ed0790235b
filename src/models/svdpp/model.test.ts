import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../../data/synthetic.ts';
import { randomSplit } from '../../data/splits.ts';
import { selectInteractions } from '../../data/select.ts';
import { Rng } from '../../util/rng.ts';
import { ConfigError } from '../schema.ts';
import { openModelFolder } from '../io/open-folder.ts';
import '../index.ts';
import { trainWithEarlyStopping } from '../shared/early-stopping.ts';
import { SvdppModel } from './model.ts';

const ds = generateSynthetic({ users: 200, items: 60, seed: 4, interactionsPerUser: 40 });
const split = randomSplit(ds.interactions.user.length, [0.8, 0.1, 0.1], new Rng(4));
const train = selectInteractions(ds.interactions, split.train);
const val = selectInteractions(ds.interactions, split.val);
const testPart = selectInteractions(ds.interactions, split.test);
const data = { numUsers: ds.users.size, numItems: ds.items.size, train, val, dataset: ds };
const CONFIG = { factors: 8, epochs: 60, lr: 0.01, initStd: 0.05 };

function rmse(p: Float32Array, t: Float32Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += (p[k] - t[k]) ** 2;
  return Math.sqrt(s / p.length);
}

/** Fits as a run does: the one early-stopping loop on validation RMSE, patience 5. */
async function fitted(
  seed: number,
): Promise<{ m: SvdppModel; rep: Awaited<ReturnType<typeof trainWithEarlyStopping>> }> {
  const m = new SvdppModel(ds.users.size, ds.items.size, CONFIG);
  const rep = await trainWithEarlyStopping(m, data, {
    seed,
    validate: () => ({ rmse: rmse(m.predict(val.user, val.item), val.rating) }),
    metric: 'rmse',
    lowerIsBetter: true,
    patience: 5,
  });
  return { m, rep };
}

let trained: SvdppModel | null = null;
async function model(): Promise<SvdppModel> {
  trained ??= (await fitted(1)).m;
  return trained;
}

test('svdpp: test RMSE well below the predict-the-mean baseline; the best validation epoch is kept', async () => {
  const { m, rep } = await fitted(1);
  let mean = 0;
  for (const r of train.rating) mean += r / train.rating.length;
  const base = rmse(new Float32Array(testPart.rating.length).fill(mean), testPart.rating);
  const got = rmse(m.predict(testPart.user, testPart.item), testPart.rating);
  assert.ok(got < 0.93 * base, `test RMSE ${got} vs mean baseline ${base}`);
  const best = Math.min(...rep.curve.map((r) => r.val?.rmse ?? Infinity));
  assert.ok(Math.abs(rmse(m.predict(val.user, val.item), val.rating) - best) < 1e-6, 'restored best epoch');
  const vals = rep.curve.map((r) => r.val?.rmse ?? 0);
  // Early stopping ended the run `patience` epochs after the best one (or at the epoch limit).
  assert.ok(rep.epochs === 60 || vals.length - 1 - vals.indexOf(best) === 5, `curve ${vals.join(' ')}`);
  assert.equal(rep.bestEpoch, vals.indexOf(best) + 1);
  for (const v of m.predict(testPart.user, testPart.item)) assert.ok(v >= 0.5 && v <= 5);
});

test('svdpp: same seed, same predictions; another seed, other predictions', async () => {
  const a = await model();
  const { m: b } = await fitted(1);
  assert.deepEqual(b.predict(testPart.user, testPart.item), a.predict(testPart.user, testPart.item));
  const { m: c } = await fitted(2);
  assert.notDeepEqual(c.predict(testPart.user, testPart.item), a.predict(testPart.user, testPart.item));
});

test('svdpp: fit alone trains every epoch and validates nothing; stops when onEpoch says so', async () => {
  const m = new SvdppModel(ds.users.size, ds.items.size, { ...CONFIG, epochs: 4 });
  const rep = await m.fit(data, { seed: 1 });
  assert.equal(rep.epochs, 4);
  assert.ok(rep.curve.every((r) => r.val === undefined && r.loss > 0));
  const stopped = await m.fit(data, { seed: 1, onEpoch: (r) => (r.epoch === 2 ? 'stop' : undefined) });
  assert.equal(stopped.epochs, 2);
});

test('svdpp: scoreUsers agrees with predict; recommend skips training items', async () => {
  const m = await model();
  const s = m.scoreUsers(Int32Array.of(7));
  const p = m.predict(Int32Array.of(7, 7), Int32Array.of(3, 9));
  assert.ok(Math.abs(p[0] - s[3]) < 1e-5 && Math.abs(p[1] - s[9]) < 1e-5);
  const seen = new Set<number>();
  for (let k = 0; k < train.user.length; k++) if (train.user[k] === 7) seen.add(train.item[k]);
  for (const i of m.recommend(Int32Array.of(7), { k: 5 }).items) assert.ok(i >= 0 && !seen.has(i));
});

test('svdpp: folding a training user back in from their own ratings predicts close to the trained user', async () => {
  const m = await model();
  const u = 11;
  const items: number[] = [];
  const ratings: number[] = [];
  for (let k = 0; k < train.user.length; k++)
    if (train.user[k] === u) {
      items.push(train.item[k]);
      ratings.push(train.rating[k]);
    }
  const fold = m.foldIn(Int32Array.from(items), Float32Array.from(ratings));
  const own = m.scoreUsers(Int32Array.of(u));
  // Both fit the same ratings: the fold-in's error on them is no worse than the trained user's, plus a margin.
  const onFold = rmse(
    Float32Array.from(items, (i) => fold[i]),
    Float32Array.from(ratings),
  );
  const onOwn = rmse(
    Float32Array.from(items, (i) => own[i]),
    Float32Array.from(ratings),
  );
  assert.ok(onFold < onOwn + 0.1, `fold-in RMSE ${onFold} vs trained ${onOwn}`);
  const high = m.foldIn(Int32Array.of(1, 2, 3), Float32Array.of(5, 5, 5));
  const low = m.foldIn(Int32Array.of(1, 2, 3), Float32Array.of(1, 1, 1));
  assert.ok(high.reduce((a, b) => a + b) > low.reduce((a, b) => a + b));
});

test('svdpp: save → openModelFolder predicts the same; bad config names its key', async () => {
  const m = await model();
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-svdpp-'));
  try {
    await m.save(dir);
    const { model: back } = await openModelFolder(dir);
    assert.equal(back.kind, 'svdpp');
    assert.deepEqual(
      (back as SvdppModel).predict(testPart.user, testPart.item),
      m.predict(testPart.user, testPart.item),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.throws(
    () => new SvdppModel(3, 3, { factors: 0 }),
    (e: unknown) => e instanceof ConfigError && /factors/.test(String(e)),
  );
  assert.throws(() => new SvdppModel(3, 3, { lr: 0 }), ConfigError);
});
