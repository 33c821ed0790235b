import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic, ratingsCsv } from '../../data/synthetic.ts';
import { writeMiniLmFixture } from '../../data/features/minilm-fixture.ts';
import { cliArgv } from '../../../test/cli.ts';

const run = (args: string[]) => spawnSync(process.execPath, cliArgv(args), { encoding: 'utf8' });

test('train --json → eval → recommend round trip on a generated MovieLens-style ratings.csv', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-train-'));
  try {
    const ds = generateSynthetic({ users: 60, items: 80, seed: 2, interactionsPerUser: 15 });
    const data = join(dir, 'ratings.csv');
    await writeFile(data, ratingsCsv(ds));
    const out = join(dir, 'model');
    const t = run([
      'train',
      '--data',
      data,
      '--format',
      'movielens',
      '--model',
      'lightgcn',
      '--protocol',
      'seed001',
      '--epochs',
      '2',
      '--batch',
      '64',
      '--backend',
      'js',
      '--out',
      out,
      '--json',
    ]);
    assert.equal(t.status, 0, t.stderr);
    const j = JSON.parse(t.stdout) as Record<string, unknown> & {
      metrics: { val: Record<string, number>; test: Record<string, number> };
      dataset: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(j).slice(0, 8), [
      'model',
      'dataset',
      'protocol',
      'seed',
      'epochs',
      'best_epoch',
      'train_seconds',
      'metrics',
    ]);
    assert.equal(j.model, 'lightgcn');
    assert.equal(j.protocol, 'seed001');
    assert.deepEqual(Object.keys(j.dataset), ['name', 'users', 'items', 'interactions']);
    assert.ok(j.metrics.test['recall@20'] >= 0 && j.metrics.val['ndcg@20'] >= 0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      extra: { epochs: number; curve: unknown[] };
    };
    assert.equal(manifest.extra.epochs, 2, 'the manifest records the epochs that ran, not the default');
    assert.equal(manifest.extra.curve.length, 2);

    const e = run(['eval', '--model', out, '--k', '20', '--backend', 'js', '--json']);
    assert.equal(e.status, 0, e.stderr);
    const ej = JSON.parse(e.stdout) as { metrics: { test: Record<string, number> } };
    assert.equal(
      ej.metrics.test['recall@20'],
      j.metrics.test['recall@20'],
      'eval rebuilds the same test split',
    );

    const user = ds.users.raw(0);
    const r = run(['recommend', '--model', out, '--user', user, '-k', '4', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const rj = JSON.parse(r.stdout) as { items: Array<{ item: string }> };
    assert.equal(rj.items.length, 4);
    assert.equal(run(['recommend', '--model', out, '--user', 'no-such-user']).status, 1);
    assert.equal(
      run(['train', '--model', 'lightgcn', '--out', out]).status,
      2,
      'no --data/--store is a usage error',
    );
    assert.equal(run(['train', '--data', data, '--model', 'nope', '--out', out]).status, 2);
    const badFit = run(['train', '--data', data, '--model', 'popular', '--fit-on', 'test', '--out', out]);
    assert.equal(badFit.status, 2);
    assert.match(badFit.stderr, /--fit-on must be train or train\+validation, got 'test'/);
    const tv = run([
      'train',
      '--data',
      data,
      '--model',
      'popular',
      '--fit-on',
      'train+validation',
      '--json',
      '--out',
      out,
    ]);
    assert.equal(tv.status, 0, tv.stderr);
    const tj = JSON.parse(tv.stdout) as { fit_on?: string; metrics: { val: object } };
    assert.equal(tj.fit_on, 'train+validation');
    assert.deepEqual(tj.metrics.val, {});
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('train --model hetero-sage --text-model DIR embeds titles with the ONNX model in DIR', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-train-text-'));
  try {
    const ds = generateSynthetic({ users: 30, items: 25, seed: 3, interactionsPerUser: 10 });
    const data = join(dir, 'ml');
    await mkdir(data);
    await writeFile(join(data, 'ratings.csv'), ratingsCsv(ds));
    const titles = ['toy story', 'star wars', 'the matrix', 'heat', 'war games'];
    const movies = [
      'movieId,title,genres',
      ...Array.from(
        { length: ds.items.size },
        (_, i) => `${ds.items.raw(i)},${titles[i % 5]} (${1990 + i}),Comedy|Drama`,
      ),
    ];
    await writeFile(join(data, 'movies.csv'), movies.join('\n') + '\n');
    const text = await writeMiniLmFixture(join(dir, 'minilm'), { dim: 8, seed: 5 });
    const out = join(dir, 'model');
    // cwd = the temp folder, so the feature cache (.cache/gnnrec/features) is written there.
    const t = spawnSync(
      process.execPath,
      cliArgv([
        'train',
        '--data',
        data,
        '--model',
        'hetero-sage',
        '--epochs',
        '2',
        '--backend',
        'js',
        '--text-model',
        text.dir,
        '--out',
        out,
        '--json',
      ]),
      { encoding: 'utf8', cwd: dir },
    );
    assert.equal(t.status, 0, t.stderr);
    assert.doesNotMatch(t.stderr, /hashed/, 'no fallback notice');
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      config: { features?: { title?: string } };
    };
    const body = JSON.stringify(manifest);
    assert.match(body, /"titleEncoder":"minilm"/);
    // 8 title columns from the ONNX model's output width, beside the genre columns.
    assert.match(body, /"title:7"/);
    assert.doesNotMatch(body, /"title:8"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
