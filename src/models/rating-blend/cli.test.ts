import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic, ratingsCsv } from '../../data/synthetic.ts';
import { runCli } from '../../../test/cli.ts';

interface TrainJson {
  model: string;
  protocol: string;
  metrics: { val: { rmse: number }; test: { rmse: number } };
  blend?: { intercept: number; weights: number[] };
}

test('gnnrec train --model svdpp / rating-blend on the rating protocol: RMSE reported, folder serves predictions', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-rating-cli-'));
  try {
    const ds = generateSynthetic({ users: 80, items: 40, seed: 6, interactionsPerUser: 20 });
    const data = join(dir, 'ratings.csv');
    await writeFile(data, ratingsCsv(ds));
    const config = join(dir, 'blend.json');
    await writeFile(
      config,
      JSON.stringify({
        members: { svdpp: { factors: 4, epochs: 20 }, 'svdpp#b': { factors: 2, epochs: 20 } },
      }),
    );
    const runs: Array<[string, string[]]> = [
      ['svdpp', ['--set', 'factors=4', '--set', 'epochs=20']],
      ['rating-blend', ['--config', config]],
    ];
    const got = new Map<string, TrainJson>();
    for (const [kind, extra] of runs) {
      const out = join(dir, kind);
      const base = ['--data', data, '--format', 'movielens', '--model', kind, '--protocol', 'rating'];
      const t = runCli(['train', ...base, ...extra, '--out', out, '--json']);
      assert.equal(t.status, 0, t.stderr);
      const j = JSON.parse(t.stdout) as TrainJson;
      assert.equal(j.model, kind);
      assert.ok(j.metrics.test.rmse > 0 && j.metrics.test.rmse < 2, JSON.stringify(j.metrics));
      got.set(kind, j);
      const r = runCli(['recommend', '--model', out, '--user', ds.users.raw(0), '--k', '3', '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /"item"/);
    }
    const blend = got.get('rating-blend')!;
    assert.equal(blend.blend?.weights.length, 2, 'train --json shows the fitted blend weights');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
