import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../data/synthetic.ts';
import { Rng } from '../util/rng.ts';
import { runCli } from '../../test/cli.ts';
import type { TrainData } from '../models/recommender.ts';
import '../models/index.ts';
import { resolveAuto } from './resolve-auto.ts';
import { carveValidation } from './split.ts';
import { TUNE_SPACES } from './space.ts';

const ds = generateSynthetic({ users: 200, items: 90, seed: 23, interactionsPerUser: 18, explicit: false });
const data: TrainData = {
  numUsers: ds.users.size,
  numItems: ds.items.size,
  train: ds.interactions,
  dataset: ds,
};

test('auto: a config without auto comes back unchanged; unknown kinds and keys are one-line usage errors', async () => {
  const split = carveValidation(data, 1, 100);
  const raw = { rank: 16, alpha: 0.2 };
  const r = await resolveAuto('graph-filter', raw, { train: split.fit, val: split.val }, 1);
  assert.equal(r.config, raw);
  assert.equal(r.auto, undefined);
  await assert.rejects(
    resolveAuto('lightgcn', { dim: 'auto' }, { train: split.fit, val: split.val }, 1),
    /model 'lightgcn' has no search space for auto \(tunable: graph-filter, spectral-filter\)/,
  );
  await assert.rejects(
    resolveAuto('graph-filter', { userExp: 'auto' }, { train: split.fit, val: split.val }, 1),
    /userExp=auto: not a searched key \(searched keys: rank, alpha\)/,
  );
  await assert.rejects(
    resolveAuto('graph-filter', { auto: 'soon' }, { train: split.fit, val: split.val }, 1),
    /auto=soon: --budget must look like/,
  );
});

test('auto: KEY=auto searches that key only; fixed keys stay as given and the choice is the validation best', async () => {
  const split = carveValidation(data, 2, 200);
  const r = await resolveAuto(
    'graph-filter',
    { alpha: 'auto', rank: 8, threads: 1 },
    { train: split.fit, val: split.val },
    2,
  );
  assert.ok(r.auto);
  assert.deepEqual(r.auto.searched, ['alpha']);
  assert.equal(r.config.rank, 8, 'given keys are not searched');
  assert.equal(r.config.threads, 1);
  const alphas = TUNE_SPACES.get('graph-filter')?.params.find((p) => p.name === 'alpha')?.values ?? [];
  assert.ok(alphas.includes(r.config.alpha as number));
  // One fitted model (rank fixed), every alpha tried on the first rung.
  assert.equal(r.auto.curve[0].candidates, alphas.length);
  assert.ok(r.auto.val['ndcg@20'] > 0);
});

async function lightgcnFolder(dir: string, testSeed: number): Promise<void> {
  const rng = new Rng(9);
  const train: string[] = [];
  const tests: string[] = [];
  const byUser = new Map<number, number[]>();
  for (let e = 0; e < ds.interactions.user.length; e++) {
    const u = ds.interactions.user[e];
    byUser.set(u, [...(byUser.get(u) ?? []), ds.interactions.item[e]]);
  }
  const other = new Rng(testSeed);
  for (const [u, items] of byUser) {
    const sh = rng.shuffle(items.slice());
    train.push(`${u} ${sh.slice(3).join(' ')}`);
    // The test file differs between the two folders; the auto search must not notice.
    tests.push(
      `${u} ${other
        .shuffle(sh.slice(0, 3))
        .slice(0, 1 + other.int(3))
        .join(' ')}`,
    );
  }
  await writeFile(join(dir, 'train.txt'), train.join('\n') + '\n');
  await writeFile(join(dir, 'test.txt'), tests.join('\n') + '\n');
}

test('gnnrec train --set auto=…: the chosen config is recorded, saved, and independent of the test file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gnnrec-auto-'));
  try {
    const runs: Array<{ auto: { config: Record<string, unknown>; searched: string[] }; metrics: unknown }> =
      [];
    for (const t of [1, 2]) {
      const dir = join(root, `d${t}`);
      await mkdir(dir);
      await lightgcnFolder(dir, t);
      const out = join(dir, 'model');
      const r = runCli(
        [
          'train',
          '--data',
          dir,
          '--format',
          'lightgcn',
          '--model',
          'graph-filter',
          '--set',
          'auto=60s',
          '--set',
          'threads=1',
          '--out',
          out,
          '--json',
          '--backend',
          'js',
        ],
        { timeout: 300_000 },
      );
      assert.equal(r.status, 0, r.stderr);
      const j = JSON.parse(r.stdout) as (typeof runs)[number];
      assert.deepEqual(j.auto.searched.sort(), ['alpha', 'rank']);
      const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
        config: Record<string, unknown>;
      };
      assert.equal(manifest.config.rank, j.auto.config.rank, 'the model is fitted with the chosen rank');
      assert.equal(manifest.config.alpha, j.auto.config.alpha);
      runs.push(j);
    }
    const timeless = (a: (typeof runs)[number]['auto']): unknown => ({ ...a, seconds: 0 });
    assert.deepEqual(
      timeless(runs[0].auto),
      timeless(runs[1].auto),
      'same train.txt → same search, whatever test.txt holds',
    );
    assert.notDeepEqual(runs[0].metrics, runs[1].metrics, 'the test files do differ');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
