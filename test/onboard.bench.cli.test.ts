// `gnnrec bench onboard --json`: the onboarding protocol from the CLI on a generated two-taste MovieLens folder.
// Held-out users are scored from N of their ratings; a model that folds the ratings in must find their taste
// (half of all titles) where the popularity baseline cannot, and the JSON carries every metric the issue names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/util/rng.ts';
import { runCli } from './cli.ts';

/** 100 users, 120 titles: even users love the first 60 (sci-fi) and dislike the rest, odd users the other way. */
function writeMovieLens(dir: string): void {
  const movies = ['movieId,title,genres'];
  for (let m = 0; m < 120; m++)
    movies.push(
      `${m + 1},${m < 60 ? 'Star' : 'Funny'} Film ${m + 1} (${1960 + m}),${m < 60 ? 'Sci-Fi' : 'Comedy'}`,
    );
  const rng = new Rng(7);
  const ratings = ['userId,movieId,rating,timestamp'];
  for (let u = 0; u < 100; u++) {
    const seen = new Set<number>();
    while (seen.size < 30) seen.add(rng.int(120));
    for (const m of seen) {
      const likes = m < 60 === (u % 2 === 0);
      ratings.push(
        `${u + 1},${m + 1},${likes ? 4 + rng.int(3) * 0.5 : 1 + rng.int(3) * 0.5},${1000 + u * 100 + m}`,
      );
    }
  }
  writeFileSync(join(dir, 'movies.csv'), movies.join('\n') + '\n');
  writeFileSync(join(dir, 'ratings.csv'), ratings.join('\n') + '\n');
}

interface Row {
  n: number;
  phase: string;
  model: string;
  kind: string;
  metrics: Record<string, number>;
}

test(
  'gnnrec bench onboard --json: per-kind onboarding metrics next to popularity',
  { timeout: 300_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnnrec-onboard-bench-'));
    try {
      writeMovieLens(dir);
      const args = [
        'bench',
        'onboard',
        '--data',
        dir,
        '--history',
        '5,10',
        '--phase',
        'test',
        '--threads',
        '1',
      ];
      const r = runCli([...args, '--models', 'popular,ease', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const res = JSON.parse(r.stdout) as { seed: number; k: number; rows: Row[] };
      assert.equal(res.seed, 1);
      assert.equal(res.k, 20);
      // popular + the three EASE candidates, at N = 5 and 10, test phase only.
      assert.equal(res.rows.length, 8);
      assert.deepEqual([...new Set(res.rows.map((x) => x.n))], [5, 10]);
      assert.ok(res.rows.every((x) => x.phase === 'test'));
      for (const row of res.rows) {
        const m = row.metrics;
        // 20 % of 100 users are held out.
        assert.equal(m['users'], 20, row.model);
        for (const key of ['recall@20', 'ndcg@20', 'coverage@20'])
          assert.ok(m[key]! >= 0 && m[key]! <= 1, `${row.model} ${key} = ${m[key]}`);
        assert.ok(m['popularity_rank@20']! >= 1 && m['popularity_rank@20']! <= 120, row.model);
      }
      for (const n of [5, 10]) {
        const at = res.rows.filter((x) => x.n === n);
        const popular = at.find((x) => x.kind === 'popular')!.metrics;
        const ease = at.find((x) => x.model.startsWith('ease default'))!.metrics;
        // One list for everybody (less each user's own N ratings) covers at most 20 + N titles; personal lists more.
        assert.ok(
          popular['coverage@20']! <= (20 + n) / 120 + 1e-9,
          `popular coverage ${popular['coverage@20']}`,
        );
        assert.ok(ease['coverage@20']! > popular['coverage@20']!, `N=${n} coverage`);
        assert.ok(
          ease['recall@20']! > popular['recall@20']! + 0.1,
          `N=${n}: ${ease['recall@20']} vs ${popular['recall@20']}`,
        );
        assert.ok(ease['ndcg@20']! > popular['ndcg@20']!, `N=${n} ndcg`);
      }
      // Progress goes to stderr under --json, one line per row.
      assert.equal(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('N=')).length,
        8,
      );
      // Bad flags are one-line usage errors.
      const bad = runCli([...args, '--models', 'nope']);
      assert.equal(bad.status, 2, bad.stderr);
      assert.match(bad.stderr, /--models nope: no onboarding candidate matches/);
      const phase = runCli([...args.slice(0, -4), '--phase', 'later']);
      assert.equal(phase.status, 2, phase.stderr);
      assert.match(phase.stderr, /--phase later/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
