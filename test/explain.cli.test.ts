// `gnnrec explain --json` end to end: train a small LightGCN on generated ratings, explain one of its recommendations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/util/rng.ts';
import { cliArgv } from './cli.ts';

const run = (args: string[]) => spawnSync(process.execPath, cliArgv(args), { encoding: 'utf8' });

interface ExplainOut {
  method: string;
  score: number;
  residual: number;
  contributions: Array<{ kind: string; id: string; weight: number; share: number }>;
}

test('gnnrec explain --json on a freshly trained LightGCN', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-explain-'));
  try {
    const rng = new Rng(5);
    const lines = ['user,item,rating,timestamp'];
    for (let u = 0; u < 40; u++) {
      const seen = new Set<number>();
      while (seen.size < 12) seen.add(rng.int(60));
      for (const i of seen) lines.push(`u${u},i${i},${3 + rng.int(3)},${u * 100 + i}`);
    }
    const csv = join(dir, 'ratings.csv');
    writeFileSync(csv, lines.join('\n') + '\n');
    const out = join(dir, 'model');
    const tr = run([
      'train',
      '--data',
      csv,
      '--format',
      'csv',
      '--model',
      'lightgcn',
      '--epochs',
      '2',
      '--out',
      out,
      '--json',
    ]);
    assert.equal(tr.status, 0, tr.stderr);
    const rec = run(['recommend', '--model', out, '--user', 'u3', '-k', '1', '--json']);
    assert.equal(rec.status, 0, rec.stderr);
    const item = (JSON.parse(rec.stdout) as { items: Array<{ item: string; score: number }> }).items[0];
    const ex = run([
      'explain',
      '--model',
      out,
      '--user',
      'u3',
      '--item',
      item.item,
      '--top',
      '1000',
      '--json',
    ]);
    assert.equal(ex.status, 0, ex.stderr);
    assert.equal(ex.stdout.trim().split('\n').length, 1);
    const e = JSON.parse(ex.stdout) as ExplainOut;
    assert.equal(e.method, 'lightgcn-exact');
    assert.ok(
      e.contributions.length > 0 && e.contributions.every((c) => c.kind === 'item' && /^i\d+$/.test(c.id)),
    );
    const sum = e.contributions.reduce((s, c) => s + c.weight, 0) + e.residual;
    assert.ok(Math.abs(sum - e.score) < 1e-5);
    assert.ok(
      Math.abs(e.score - item.score) < 1e-3 * Math.max(1, Math.abs(item.score)),
      `${e.score} vs ${item.score}`,
    );
    const bad = run(['explain', '--model', out, '--user', 'nobody', '--item', item.item]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unknown user 'nobody'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'gnnrec bench explain --json prints the fidelity fields of ARCHITECTURE.md',
  { timeout: 120_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnnrec-bench-explain-'));
    try {
      const rng = new Rng(9);
      const lines = ['user,item,rating,timestamp'];
      for (let u = 0; u < 50; u++) {
        const seen = new Set<number>();
        while (seen.size < 20) seen.add(rng.int(70));
        for (const i of seen) lines.push(`u${u},i${i},${3 + rng.int(3)},${u * 100 + i}`);
      }
      const csv = join(dir, 'ratings.csv');
      writeFileSync(csv, lines.join('\n') + '\n');
      const r = run([
        'bench',
        'explain',
        '--data',
        csv,
        '--models',
        'graph-filter',
        '--users',
        '20',
        '--json',
      ]);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { methods: Array<Record<string, number | string>> };
      assert.equal(out.methods.length, 1);
      const m = out.methods[0];
      assert.equal(m.name, 'graph-filter-exact');
      for (const f of [
        'size',
        'fidelity_plus',
        'fidelity_minus',
        'random_fidelity_plus',
        'degree_fidelity_plus',
      ])
        assert.equal(typeof m[f], 'number', f);
      assert.ok((m.cases as number) > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  'gnnrec explain --json on a hetero-sage folder: rated-item edges, other raters, and feature groups',
  { timeout: 180_000 },
  async () => {
    const { generateSynthetic, ratingsCsv } = await import('../src/data/synthetic.ts');
    const dir = mkdtempSync(join(tmpdir(), 'gnnrec-explain-sage-'));
    try {
      const ds = generateSynthetic({ users: 40, items: 30, seed: 3, interactionsPerUser: 10 });
      const data = join(dir, 'ml');
      mkdirSync(data);
      writeFileSync(join(data, 'ratings.csv'), ratingsCsv(ds));
      const genres = ['Comedy', 'Drama', 'Action', 'Horror'];
      const movies = [
        'movieId,title,genres',
        ...Array.from(
          { length: ds.items.size },
          (_, i) =>
            `${ds.items.raw(i)},film ${i} (${1990 + (i % 20)}),${genres[i % 4]}|${genres[(i + 1) % 4]}`,
        ),
      ];
      writeFileSync(join(data, 'movies.csv'), movies.join('\n') + '\n');
      const out = join(dir, 'model');
      // Hashed title embeddings (no ONNX model needed); cwd = the temp folder for the feature cache.
      const opts = { encoding: 'utf8' as const, cwd: dir };
      const tr = spawnSync(
        process.execPath,
        cliArgv([
          'train',
          '--data',
          data,
          '--model',
          'hetero-sage',
          '--epochs',
          '2',
          '--text-model',
          join(dir, 'none'),
          '--out',
          out,
          '--json',
        ]),
        opts,
      );
      assert.equal(tr.status, 0, tr.stderr);
      const user = ds.users.raw(3);
      const rec = spawnSync(
        process.execPath,
        cliArgv(['recommend', '--model', out, '--user', user, '-k', '1', '--json']),
        opts,
      );
      assert.equal(rec.status, 0, rec.stderr);
      const item = (JSON.parse(rec.stdout) as { items: Array<{ item: string }> }).items[0].item;
      const ex = spawnSync(
        process.execPath,
        cliArgv(['explain', '--model', out, '--user', user, '--item', item, '--top', '1000', '--json']),
        opts,
      );
      assert.equal(ex.status, 0, ex.stderr);
      const e = JSON.parse(ex.stdout) as Omit<ExplainOut, 'contributions'> & {
        contributions: Array<{ kind: string; label: string; edge?: { side: string } }>;
        sides: { item: { masked_layers: number } };
      };
      const kinds = new Set(e.contributions.map((c) => c.kind));
      assert.ok(kinds.has('edge') && kinds.has('feature'), `kinds ${[...kinds].join(',')}`);
      assert.equal(e.sides.item.masked_layers, 2, 'rebuilt features: the item-side mask reaches every layer');
      const groups = e.contributions
        .filter((c) => c.kind === 'feature')
        .map((c) => c.label)
        .sort();
      assert.ok(
        groups.length >= 2 && groups.every((g) => ['genres', 'numeric', 'title', 'type'].includes(g)),
        groups.join(','),
      );
      assert.ok(
        e.contributions.some((c) => c.edge?.side === 'item'),
        'other raters of the item appear',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
