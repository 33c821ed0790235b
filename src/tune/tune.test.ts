import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../data/synthetic.ts';
import type { TrainData } from '../models/recommender.ts';
import '../models/index.ts';
import { interactionCsr } from '../graph/bipartite.ts';
import { Rng } from '../util/rng.ts';
import { runCli } from '../../test/cli.ts';
import { candidates, TUNE_SPACES, type TuneSpace } from './space.ts';
import { successiveHalving } from './halving.ts';
import { carveValidation } from './split.ts';
import { parseBudget } from './budget.ts';
import { tuneKind } from './auto.ts';
import { GraphFilter } from '../models/graph-filter/model.ts';
import { validationMetrics } from './evaluate.ts';

const ds = generateSynthetic({ users: 300, items: 120, seed: 11, interactionsPerUser: 20, explicit: false });
const data: TrainData = {
  numUsers: ds.users.size,
  numItems: ds.items.size,
  train: ds.interactions,
  dataset: ds,
};

test("tune: carved validation holds out ~10% of chosen users' items, keeps one each, never adds edges", () => {
  const s = carveValidation(data, 3, 100);
  assert.equal(s.fit.train.user.length + s.val.user.length, data.train.user.length);
  const users = new Set(s.val.user);
  assert.equal(users.size, 100);
  const held = new Map<number, number>();
  for (const u of s.val.user) held.set(u, (held.get(u) ?? 0) + 1);
  for (const n of held.values()) assert.equal(n, 2, '20 items per user → ⌈10%⌉ = 2 held out');
  assert.deepEqual(carveValidation(data, 3, 100).val.item, s.val.item, 'seeded');
});

test('tune: candidates enumerate small spaces, sample large ones, grouped by fit key', () => {
  const space: TuneSpace = {
    kind: 'x',
    base: { fixed: 1 },
    params: [
      { name: 'a', values: [1, 2], stage: 'fit' },
      { name: 'b', values: [0, 5, 9], stage: 'score' },
    ],
  };
  const all = candidates(space, 100, new Rng(1));
  assert.equal(all.length, 6);
  assert.deepEqual(
    all.map((c) => c.config.a),
    [1, 1, 1, 2, 2, 2],
  );
  assert.ok(all.every((c) => c.config.fixed === 1));
  assert.equal(candidates(space, 4, new Rng(1)).length, 4);
  assert.equal(parseBudget('10m'), 600);
  assert.equal(parseBudget('90'), 90);
  assert.throws(() => parseBudget('ten'), /--budget must look like/);
});

test('tune: successive halving keeps the validation best of the grid it evaluates in full', async () => {
  const split = carveValidation(data, 1, 300);
  const val = interactionCsr(data.numUsers, data.numItems, split.val.user, split.val.item);
  const space: TuneSpace = {
    kind: 'graph-filter',
    base: { maxRankFraction: 1, threads: 1 },
    params: [
      { name: 'rank', values: [4, 16], stage: 'fit' },
      { name: 'alpha', values: [0, 0.3, 3], stage: 'score' },
    ],
  };
  let fits = 0;
  const r = await successiveHalving(space, split.fit, val, {
    budgetSeconds: 600,
    seed: 1,
    eta: 3,
    minUsers: 300,
    create: (c) => {
      fits++;
      return new GraphFilter(data.numUsers, data.numItems, c);
    },
  });
  assert.equal(fits, 2, 'one fit per rank: alpha is applied in place');
  // Every candidate saw all users in rung 0, so the winner is the argmax of a brute-force grid.
  let bestNdcg = -1;
  for (const rank of [4, 16])
    for (const alpha of [0, 0.3, 3]) {
      const m = new GraphFilter(data.numUsers, data.numItems, {
        maxRankFraction: 1,
        threads: 1,
        rank,
        alpha,
      });
      await m.fit(split.fit, { seed: 1 });
      const users = Int32Array.from(new Set(split.val.user));
      bestNdcg = Math.max(bestNdcg, validationMetrics(m, users, val).ndcg);
    }
  assert.ok(
    Math.abs(r.bestMetrics.ndcg - bestNdcg) < 1e-9,
    `${r.bestMetrics.ndcg} vs brute force ${bestNdcg}`,
  );
  assert.equal(r.rows.length, 6);
});

test('tune: spectral-filter search on carved data halves the field and returns a config from its space', async () => {
  const r = await tuneKind('spectral-filter', data, {
    budgetSeconds: 600,
    seed: 2,
    maxCandidates: 18,
    minUsers: 30,
  });
  const space = TUNE_SPACES.get('spectral-filter') as TuneSpace;
  for (const p of space.params)
    assert.ok(p.values.includes(r.best[p.name]), `${p.name}=${String(r.best[p.name])} in its space`);
  const rung0 = r.rows.filter((x) => x.rung === 0).length;
  const rung1 = r.rows.filter((x) => x.rung === 1).length;
  assert.equal(rung0, 18);
  assert.equal(rung1, 6);
  assert.ok(r.curve.length >= 2 && r.curve[1].users === 90);
  assert.ok(r.bestMetrics.ndcg > 0);
});

test('gnnrec tune: progress table, --json summary and tune.json from a LightGCN-format folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-tune-'));
  try {
    const rng = new Rng(5);
    const lines: string[] = [],
      tests: string[] = [];
    const byUser = new Map<number, number[]>();
    for (let e = 0; e < ds.interactions.user.length; e++) {
      const u = ds.interactions.user[e];
      byUser.set(u, [...(byUser.get(u) ?? []), ds.interactions.item[e]]);
    }
    for (const [u, items] of byUser) {
      const sh = rng.shuffle(items.slice());
      tests.push(`${u} ${sh.slice(0, 3).join(' ')}`);
      lines.push(`${u} ${sh.slice(3).join(' ')}`);
    }
    await writeFile(join(dir, 'train.txt'), lines.join('\n') + '\n');
    await writeFile(join(dir, 'test.txt'), tests.join('\n') + '\n');
    const out = join(dir, 'out');
    const r = runCli(
      [
        'tune',
        '--data',
        dir,
        '--format',
        'lightgcn',
        '--model',
        'graph-filter',
        '--budget',
        '2m',
        '--out',
        out,
        '--json',
        '--backend',
        'js',
      ],
      { timeout: 300_000 },
    );
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as {
      model: string;
      protocol: string;
      best: { config: Record<string, unknown>; val: Record<string, number> };
      curve: unknown[];
    };
    assert.equal(j.model, 'graph-filter');
    assert.equal(j.protocol, 'lightgcn');
    assert.ok([32, 64, 128, 256, 384].includes(j.best.config.rank as number));
    assert.ok(j.best.val['ndcg@20'] > 0 && j.curve.length >= 1);
    const file = JSON.parse(await readFile(join(out, 'tune.json'), 'utf8')) as { rows: unknown[] };
    assert.ok(file.rows.length >= 5);
    const cfg = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(cfg, j.best.config, 'config.json is the chosen config, ready for train --config');
    const table = runCli(
      [
        'tune',
        '--data',
        dir,
        '--format',
        'lightgcn',
        '--model',
        'graph-filter',
        '--budget',
        '1m',
        '--candidates',
        '3',
        '--backend',
        'js',
      ],
      { timeout: 300_000 },
    );
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stderr, /^rung {2}users {2}ndcg@20/m);
    assert.match(table.stdout, /^best .*rank=/m);
    const bad = runCli(['tune', '--data', dir, '--model', 'lightgcn', '--budget', '1m']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /has no search space/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
