import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic, ratingsCsv } from '../../data/synthetic.ts';
import { cliArgv } from '../../../test/cli.ts';

const run = (args: string[]) => spawnSync(process.execPath, cliArgv(args), { encoding: 'utf8' });

test('train --model dskreg --kg FILE: the extra triples file becomes the knowledge graph of the saved model', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-train-kg-'));
  try {
    const ds = generateSynthetic({ users: 40, items: 30, seed: 4, interactionsPerUser: 10 });
    const data = join(dir, 'ratings.csv');
    await writeFile(data, ratingsCsv(ds));
    // Every rated item gets a director (d0..d2); the first two items are also sequels of each other (item → item).
    const items = [...new Set(Array.from(ds.interactions.item, (i) => ds.items.raw(i)))];
    const triples = [
      'head,relation,tail',
      ...items.map((id, i) => `${id},director,d${i % 3}`),
      `${items[1]},sequel_of,${items[0]}`,
    ];
    const kg = join(dir, 'triples.csv');
    await writeFile(kg, triples.join('\n') + '\n');
    const out = join(dir, 'model');
    const t = run([
      'train',
      '--data',
      data,
      '--format',
      'movielens',
      '--model',
      'dskreg',
      '--kg',
      kg,
      '--epochs',
      '1',
      '--batch',
      '64',
      '--backend',
      'js',
      '--out',
      out,
      '--json',
    ]);
    assert.equal(t.status, 0, t.stderr);
    const j = JSON.parse(t.stdout) as {
      model: string;
      graph: { entities: number; triples: number; relations: number };
      metrics: { test: Record<string, number> };
    };
    assert.equal(j.model, 'dskreg');
    // Ratings alone carry no item metadata: the graph is exactly the file's triples (3 directors, 2 relations ×2 directions + interact/interacted_by).
    assert.deepEqual(j.graph, { ...j.graph, entities: 3, triples: items.length + 1, relations: 6 });
    assert.ok(j.metrics.test['recall@20'] >= 0);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      kind: string;
      config: { kg: string; kgNames: { relations: string[]; entities: string[] } };
    };
    assert.equal(manifest.kind, 'dskreg');
    assert.equal(manifest.config.kg, kg);
    assert.deepEqual(manifest.config.kgNames.entities, ['d0', 'd1', 'd2']);
    assert.deepEqual(manifest.config.kgNames.relations, [
      'interact',
      'interacted_by',
      'director',
      'director^-1',
      'sequel_of',
      'sequel_of^-1',
    ]);

    const missing = run([
      'train',
      '--data',
      data,
      '--format',
      'movielens',
      '--model',
      'dskreg',
      '--kg',
      join(dir, 'nope.csv'),
      '--epochs',
      '1',
      '--backend',
      'js',
      '--out',
      out,
    ]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.csv/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
