// `gnnrec items add`: new items from CSV, JSON Lines or JSON written to a store in one transaction; bad input is
// one line naming file, line and field, and writes nothing. (A JSON syntax error names its line where the engine
// reports a position: Node 20's messages for some errors carry none.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../src/data/synthetic.ts';
import { openStore } from '../src/store/open.ts';
import { runCli } from './cli.ts';

async function freshStore(): Promise<{ dir: string; url: string; existing: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-items-cli-'));
  const url = `pglite://${join(dir, 'db')}`;
  const store = await openStore(url);
  const ds = generateSynthetic({ users: 20, items: 30, seed: 3, interactionsPerUser: 5 });
  await store.importDataset(ds);
  await store.close();
  return { dir, url, existing: ds.items.raw(0) };
}

async function itemCount(url: string): Promise<number> {
  const store = await openStore(url);
  try {
    return (await store.counts()).items;
  } finally {
    await store.close();
  }
}

test('items add: CSV, JSON Lines and JSON items are stored with their features', async () => {
  const { dir, url } = await freshStore();
  const csv = join(dir, 'new.csv');
  await writeFile(
    csv,
    'id,title,genres,year,type,rating\n' +
      'n1,"Heat, Again (2031)",Action|Crime,2031,movie,4.5\n' +
      'n2,Quiet Days,,,,\n',
  );
  const r = runCli(['items', 'add', '--store', url, '--file', csv, '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).added, 2);
  const jsonl = join(dir, 'new.jsonl');
  await writeFile(jsonl, '{"id":"n3","title":"Third","genres":["Drama"]}\n\n{"id":"n4","title":"Fourth"}\n');
  assert.equal(runCli(['items', 'add', '--store', url, '--file', jsonl]).status, 0);
  const json = join(dir, 'new.json');
  await writeFile(json, JSON.stringify({ items: [{ id: 'n5', title: 'Fifth', numeric: { runtime: 90 } }] }));
  const j = runCli(['items', 'add', '--store', url, '--file', json]);
  assert.equal(j.status, 0, j.stderr);
  assert.match(j.stdout, /added 1 items from .*new\.json/);

  const store = await openStore(url);
  try {
    const got = await store.getItems(['n1', 'n2', 'n3', 'n5']);
    assert.deepEqual(got[0], {
      id: 'n1',
      title: 'Heat, Again (2031)',
      meta: {
        title: 'Heat, Again (2031)',
        genres: ['Action', 'Crime'],
        year: 2031,
        type: 'movie',
        numeric: { rating: 4.5 },
      },
    });
    assert.deepEqual(got[1]!.meta, { title: 'Quiet Days' });
    assert.deepEqual(got[2]!.meta, { title: 'Third', genres: ['Drama'] });
    assert.deepEqual(got[3]!.meta, { title: 'Fifth', numeric: { runtime: 90 } });
    assert.equal((await store.counts()).items, 35);
  } finally {
    await store.close();
  }
});

test('items add: bad input names file, line and field, and nothing is written', async () => {
  const { dir, url, existing } = await freshStore();
  const cases: Array<[string, string, RegExp]> = [
    [
      'bad-year.csv',
      'id,title,year\nok1,Fine,1999\nok2,Broken,nineteen\n',
      /bad-year\.csv:3: field 'year': 'nineteen' is not a number/,
    ],
    ['no-title.csv', 'id,name\nx,y\n', /no-title\.csv:1: field 'title': missing column/],
    ['fields.csv', 'id,title\na,b,c\n', /fields\.csv:2: 3 fields, the header has 2/],
    [
      'twice.jsonl',
      '{"id":"a","title":"A"}\n{"id":"a","title":"B"}\n',
      /twice\.jsonl:2: field 'id': item 'a' is listed twice \(first on line 1\)/,
    ],
    [
      'genres.jsonl',
      '{"id":"a","title":"A","genres":"Drama"}\n',
      /genres\.jsonl:1: field 'genres': must be a list/,
    ],
    [
      'unknown.json',
      '[\n  {"id":"a","title":"A"},\n  {"id":"b","title":"B","colour":"red"}\n]\n',
      /unknown\.json:3: field 'colour': unknown field/,
    ],
    [
      'numeric.json',
      '[{"id":"a","title":"A"},\n{"id":"b","title":"B","numeric":{"runtime":"long"}}]',
      /numeric\.json:2: field 'numeric\.runtime': must be a finite number/,
    ],
    ['syntax.json', '[\n{"id":"a",\n"title":}\n]', /syntax\.json(:3)?: not JSON/],
    ['format.txt', 'id,title\n', /format\.txt: unknown items format '\.txt'/],
    [
      'taken.csv',
      `id,title\nfresh,Fresh\n${existing},Again\n`,
      new RegExp(`taken\\.csv:3: field 'id': item '${existing}' already exists in .*nothing was added`),
    ],
  ];
  for (const [name, text, expected] of cases) {
    const file = join(dir, name);
    await writeFile(file, text);
    const r = runCli(['items', 'add', '--store', url, '--file', file]);
    assert.notEqual(r.status, 0, `${name} was accepted`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${name}: one line, got ${r.stderr}`);
    assert.match(lines[0]!, expected);
  }
  assert.equal(await itemCount(url), 30, 'a refused file writes nothing');
});

test('library path: readItemsFile + addItemsToStore add items, and refuse stored ids as a whole', async () => {
  const { addItemsToStore, readItemsFile } = await import('../src/index.ts');
  const { dir, url, existing } = await freshStore();
  const file = join(dir, 'lib.jsonl');
  await writeFile(file, '{"id":"lib-1","title":"Library One","year":2030}\n');
  const read = await readItemsFile(file);
  assert.deepEqual(read, { items: [{ id: 'lib-1', title: 'Library One', year: 2030 }], lines: [1] });
  const store = await openStore(url);
  try {
    assert.deepEqual(await addItemsToStore(store, read.items), {
      added: { inserted: 1, updated: 0, unchanged: 0 },
    });
    assert.deepEqual(
      await addItemsToStore(store, [
        { id: 'lib-2', title: 'Two' },
        { id: existing, title: 'Again' },
      ]),
      { existing: [existing] },
    );
    assert.equal((await store.counts()).items, 31, 'the refused batch wrote nothing');
  } finally {
    await store.close();
  }
});
