import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic, ratingsCsv } from '../../data/synthetic.ts';
import type { Dataset } from '../../data/types.ts';
import { trainRun } from '../../run/index.ts';
import { runCli } from '../../../test/cli.ts';

/** A MovieLens-style folder (ratings.csv + movies.csv with titles) generated here. */
async function movieLensFolder(root: string): Promise<{ data: string; ds: Dataset }> {
  const ds = generateSynthetic({ users: 40, items: 60, seed: 6, interactionsPerUser: 14 });
  const data = join(root, 'ml');
  await mkdir(data);
  await writeFile(join(data, 'ratings.csv'), ratingsCsv(ds));
  const quote = (t: string): string => (t.includes(',') ? `"${t}"` : t);
  const movies = [
    'movieId,title,genres',
    ...Array.from(
      { length: ds.items.size },
      (_, i) => `${ds.items.raw(i)},${quote(ds.itemMeta[i].title ?? `Item ${i}`)},Drama`,
    ),
  ];
  await writeFile(join(data, 'movies.csv'), movies.join('\n') + '\n');
  return { data, ds };
}

/** Raw ids of the items `user` rated in `ds` (any rating). */
function ratedBy(ds: Dataset, user: string): Set<string> {
  const u = ds.users.get(user);
  const out = new Set<string>();
  for (let e = 0; e < ds.interactions.user.length; e++)
    if (ds.interactions.user[e] === u) out.add(ds.items.raw(ds.interactions.item[e]));
  return out;
}

test('a model saved by the library is evaluated, explained and recommended from by the CLI, with titles', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gnnrec-run-cli-'));
  try {
    const { data, ds } = await movieLensFolder(root);
    const dir = join(root, 'lgcn');
    const lib = await trainRun({
      kind: 'lightgcn',
      source: { data },
      config: { dim: 8, batch: 64, itersPerEpoch: 5 },
      epochs: 2,
      out: dir,
    });

    const e = runCli(['eval', '--model', dir, '--backend', 'js', '--json']);
    assert.equal(e.status, 0, e.stderr);
    const ej = JSON.parse(e.stdout) as { metrics: { test: Record<string, number> } };
    assert.equal(ej.metrics.test['recall@20'], lib.summary.metrics.test['recall@20']);

    const user = ds.users.raw(0);
    const rated = ratedBy(ds, user);
    const rj = runCli(['recommend', '--model', dir, '--user', user, '-k', '8', '--json']);
    assert.equal(rj.status, 0, rj.stderr);
    const rec = JSON.parse(rj.stdout) as {
      rated: number;
      score_meaning: string;
      items: Array<{ item: string; title: string; rank: number; score: number }>;
    };
    assert.equal(rec.items.length, 8);
    assert.equal(rec.rated, rated.size);
    for (const x of rec.items)
      assert.ok(!rated.has(x.item), `recommended ${x.item}, which user ${user} rated`);
    assert.equal(rec.items[0].title, ds.itemMeta[ds.items.get(rec.items[0].item)!].title);
    assert.match(rec.score_meaning, /dot product/);

    const rt = runCli(['recommend', '--model', dir, '--user', user, '-k', '3']);
    assert.equal(rt.status, 0, rt.stderr);
    assert.match(rt.stdout, /score = .*dot product/);
    assert.ok(
      rt.stdout.includes(`   1  `) && rt.stdout.includes(`${rec.items[0].title} [${rec.items[0].item}]`),
      rt.stdout,
    );

    // explain takes a title; prints titles and what the score means.
    const title = rec.items[0].title;
    const xt = runCli([
      'explain',
      '--model',
      dir,
      '--user',
      user,
      '--item',
      title.toLowerCase(),
      '--top',
      '3',
    ]);
    assert.equal(xt.status, 0, xt.stderr);
    assert.ok(xt.stdout.includes(`${title} [${rec.items[0].item}]`), xt.stdout);
    assert.match(xt.stdout, /score -?\d+\.\d+ \(.*dot product.*\)/);
    const xj = JSON.parse(
      runCli(['explain', '--model', dir, '--user', user, '--item', rec.items[0].item, '--json']).stdout,
    ) as { item: string; title: string; contributions: Array<{ id: string; title: string }> };
    assert.equal(xj.item, rec.items[0].item);
    assert.equal(xj.title, title);
    for (const c of xj.contributions) if (c.id) assert.equal(c.title, ds.itemMeta[ds.items.get(c.id)!].title);

    const sj = JSON.parse(
      runCli(['similar', '--model', dir, '--item', title.slice(0, -7), '-k', '3', '--json']).stdout,
    ) as { item: { id: string }; match: string; similar: Array<{ title: string; rank: number }> };
    assert.equal(sj.item.id, rec.items[0].item);
    assert.deepEqual(
      sj.similar.map((s) => s.rank),
      [1, 2, 3],
    );
    assert.ok(sj.similar.every((s) => typeof s.title === 'string'));

    // With its data gone the model still answers, but says that only its training items are left out.
    await rm(data, { recursive: true, force: true });
    const gone = runCli(['recommend', '--model', dir, '--user', user, '-k', '3', '--json']);
    assert.equal(gone.status, 0, gone.stderr);
    assert.match(
      gone.stderr,
      /^gnnrec: note: .*: not readable \(.*\); only the model's training items are left out\n$/,
    );
    assert.equal((JSON.parse(gone.stdout) as { items: unknown[] }).items.length, 3);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('train --config and --set reach the kind config; bad values exit 2 naming the key and range; --for serve trains on everything', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gnnrec-run-cfg-'));
  try {
    const { data } = await movieLensFolder(root);
    const cfg = join(root, 'c.json');
    await writeFile(cfg, JSON.stringify({ dim: 6, layers: 1, batch: 64, itersPerEpoch: 3, l2Mode: 'mean' }));
    const out = join(root, 'm');
    const t = runCli([
      'train',
      '--data',
      data,
      '--model',
      'lightgcn',
      '--config',
      cfg,
      '--set',
      'dim=4',
      '--set',
      'sampling=user',
      '--epochs',
      '1',
      '--backend',
      'js',
      '--out',
      out,
      '--json',
    ]);
    assert.equal(t.status, 0, t.stderr);
    const m = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      config: Record<string, unknown>;
    };
    assert.equal(m.config['dim'], 4, '--set overrides the file');
    assert.equal(m.config['layers'], 1);
    assert.equal(m.config['sampling'], 'user');
    assert.equal(m.config['l2Mode'], 'mean');

    const bad = runCli([
      'train',
      '--data',
      data,
      '--model',
      'graph-filter',
      '--set',
      'alpha=-3',
      '--out',
      join(root, 'x'),
    ]);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /config 'alpha' must be .*\d/);
    const unknown = runCli([
      'train',
      '--data',
      data,
      '--model',
      'popular',
      '--set',
      'dim=4',
      '--out',
      join(root, 'x'),
    ]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /'dim' is not a key/);
    await writeFile(cfg, '{"dim": 4,');
    const broken = runCli([
      'train',
      '--data',
      data,
      '--model',
      'lightgcn',
      '--config',
      cfg,
      '--out',
      join(root, 'x'),
    ]);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /c\.json: invalid JSON/);

    const full = runCli([
      'train',
      '--data',
      data,
      '--model',
      'popular',
      '--for',
      'serve',
      '--out',
      join(root, 'p'),
      '--json',
    ]);
    assert.equal(full.status, 0, full.stderr);
    const fj = JSON.parse(full.stdout) as { protocol: string; metrics: { test: Record<string, number> } };
    assert.equal(fj.protocol, 'full');
    assert.deepEqual(fj.metrics.test, {});
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('gnnrec models lists every kind with keys, defaults and ranges from the schemas', () => {
  const j = runCli(['models', '--json']);
  assert.equal(j.status, 0, j.stderr);
  const kinds = (
    JSON.parse(j.stdout) as {
      kinds: Array<{ kind: string; keys: Array<{ key: string; default: unknown; allowed: string }> }>;
    }
  ).kinds;
  for (const k of ['lightgcn', 'mf-bpr', 'popular', 'graph-filter', 'item2vec', 'hetero-sage', 'dskreg'])
    assert.ok(
      kinds.some((x) => x.kind === k),
      `kind ${k} listed`,
    );
  const dim = kinds.find((x) => x.kind === 'lightgcn')!.keys.find((x) => x.key === 'dim')!;
  assert.equal(dim.default, 64);
  assert.match(dim.allowed, /≥ 1/);
  const text = runCli(['models', 'item2vec']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^item2vec .*\n\s+key\s+default\s+allowed/);
  assert.match(text.stdout, /\n\s+p\s+2\s+> 0\s/);
  assert.equal(runCli(['models', 'nope']).status, 2);
});

test('explain for EASE gives the exact per-rated-item terms the server shows, summing to the recommend score', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gnnrec-run-cli-ease-'));
  try {
    const { data, ds } = await movieLensFolder(root);
    const dir = join(root, 'ease');
    await trainRun({ kind: 'ease', source: { data }, protocol: 'full', out: dir });
    const user = ds.users.raw(3);
    const rj = runCli(['recommend', '--model', dir, '--user', user, '-k', '3', '--json']);
    assert.equal(rj.status, 0, rj.stderr);
    const top = (JSON.parse(rj.stdout) as { items: Array<{ item: string; score: number }> }).items[0];
    const xj = runCli([
      'explain',
      '--model',
      dir,
      '--user',
      user,
      '--item',
      top.item,
      '--top',
      '1000',
      '--json',
    ]);
    assert.equal(xj.status, 0, xj.stderr);
    const ex = JSON.parse(xj.stdout) as {
      method: string;
      score: number;
      residual: number;
      contributions: Array<{ weight: number }>;
    };
    assert.equal(ex.method, 'ease-exact');
    assert.ok(Math.abs(ex.score - top.score) < 1e-4, `${ex.score} vs ${top.score}`);
    const sum = ex.contributions.reduce((s, c) => s + c.weight, 0) + ex.residual;
    assert.ok(Math.abs(sum - ex.score) < 1e-3, `${sum} vs ${ex.score}`);
    assert.ok(Math.abs(ex.residual) < 1e-3, `residual ${ex.residual}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
