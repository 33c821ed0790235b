import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../../data/load.ts';
import { Item2VecRecommender } from './model.ts';
import { cliArgv } from '../../../test/cli.ts';

const data = fileURLToPath(new URL('../../../../shared/data/ml-latest-small', import.meta.url));
const present = existsSync(join(data, 'ratings.csv'));
if (!present) console.log(`# skipping item2vec MovieLens test: ${data} not found`);

test(
  'notebook settings on ml-latest-small: exact graph, sensible neighbours, CLI by fuzzy title',
  { skip: present ? false : `${data} not found` },
  async () => {
    const ds = await loadDataset(data);
    const m = new Item2VecRecommender({}, { numUsers: ds.users.size, numItems: ds.items.size });
    const rep = await m.fit(
      { numUsers: ds.users.size, numItems: ds.items.size, train: ds.interactions, dataset: ds },
      { seed: 1 },
    );
    assert.deepEqual(rep.extra?.graph, { nodes: 1405, edges: 40043 });
    assert.equal(m.trained.graph.pairs, 298586);
    const byTitle = (t: string): number => ds.itemMeta.findIndex((x) => x.title === t);
    const ep4 = byTitle('Star Wars: Episode IV - A New Hope (1977)');
    const top = Array.from(m.similarItems(Int32Array.of(ep4), 5).items, (i) => ds.itemMeta[i].title);
    assert.ok(top.includes('Star Wars: Episode V - The Empire Strikes Back (1980)'), top.join(' | '));
    assert.ok(top.includes('Star Wars: Episode VI - Return of the Jedi (1983)'), top.join(' | '));

    const dir = await mkdtemp(join(tmpdir(), 'gnnrec-i2v-ml-'));
    await m.save(dir);
    const r = spawnSync(
      process.execPath,
      cliArgv(['similar', '--model', dir, '--item', 'star wars a new hope', '-k', '5', '--json']),
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      match: string;
      item: { id: string; title: string };
      similar: Array<{ title: string }>;
    };
    assert.equal(out.match, 'fuzzy');
    assert.equal(out.item.id, '260');
    assert.deepEqual(
      out.similar.map((s) => s.title),
      top,
    );
  },
);
