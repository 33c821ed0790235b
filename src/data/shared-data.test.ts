import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDatasetWithReport } from './load.ts';
import { datasetStats } from './stats.ts';

// The licensed benchmark data lives outside the project (never copied in); these checks run only where it
// exists. GNNREC_SHARED_DATA points elsewhere (a folder holding ml-latest-small/, ml-100k/, …).
const root =
  (process.env.GNNREC_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url))) + '/';

function dataTest(name: string, fn: (dir: string) => Promise<void>): void {
  const dir = root + name;
  const present = existsSync(dir);
  if (!present)
    console.log(`# skipping ${name}: ${dir} is absent (licensed data is not shipped with gnnrec)`);
  test(`shared data: ${name} stats match exactly`, { skip: present ? false : `${dir} is absent` }, () =>
    fn(dir),
  );
}

dataTest('ml-latest-small', async (dir) => {
  const { dataset, report } = await loadDatasetWithReport(dir);
  const s = datasetStats(dataset);
  assert.deepEqual([s.users, s.items, s.interactions], [610, 9724, 100836]);
  assert.equal(report.skipped['unrated-item'], 9742 - 9724);
  assert.equal(s.itemsWithMeta, 9724);
  assert.equal(s.ratingHistogram.length, 10);
  const toy = dataset.items.get('1')!;
  assert.equal(dataset.itemMeta[toy]!.title, 'Toy Story (1995)');
  assert.ok(dataset.itemMeta[toy]!.tags!.includes('pixar'));
});

dataTest('ml-100k', async (dir) => {
  const { dataset } = await loadDatasetWithReport(dir);
  const s = datasetStats(dataset);
  assert.deepEqual([s.users, s.items, s.interactions], [943, 1682, 100000]);
  assert.deepEqual(
    s.ratingHistogram.map((h) => h.count),
    [6110, 11370, 27145, 34174, 21201],
  );
  // u.item is latin-1: its non-ASCII titles must come through intact.
  assert.ok(dataset.itemMeta.some((m) => /[\u00c0-\u00ff]/.test(m.title ?? '')));
  assert.equal(dataset.items.get('1'), 0);
});

dataTest('gowalla', async (dir) => {
  const { dataset } = await loadDatasetWithReport(dir);
  const s = datasetStats(dataset);
  assert.deepEqual([s.users, s.items, s.train, s.test], [29858, 40981, 810128, 217242]);
  assert.equal(s.interactions, 810128 + 217242);
  assert.equal(dataset.items.get('40980'), 40980);
});

dataTest('anime', async (dir) => {
  const { dataset } = await loadDatasetWithReport(dir);
  assert.equal(dataset.items.size, 12294);
  const titles = dataset.itemMeta.map((m) => m.title ?? '');
  assert.ok(!titles.some((t) => /&#039;|&quot;|&amp;/.test(t)), 'HTML entities decoded');
  assert.equal(dataset.itemMeta.filter((m) => m.numeric?.episodes === null).length, 340);
});

dataTest('movies-dataset', async (dir) => {
  const s = datasetStats((await loadDatasetWithReport(dir)).dataset);
  assert.deepEqual([s.users, s.items, s.interactions], [671, 9066, 100004]);
});
