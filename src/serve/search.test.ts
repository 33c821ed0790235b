// The title index is built on first use: items added before and after it are each found once, under their titles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ItemMeta } from '../data/types.ts';
import { Catalog } from './catalog.ts';
import { TitleSearch } from './search.ts';

function catalogOf(titles: string[]): Catalog {
  const meta: ItemMeta[] = titles.map((title) => ({ title }));
  return new Catalog(
    titles.map((_, i) => `i${i}`),
    meta,
    new Int32Array(titles.length),
    new Float64Array(titles.length),
  );
}

test('items added before and after the lazy index is built are found exactly once', () => {
  const catalog = catalogOf(['Toy Story (1995)', 'Heat (1995)', 'Matrix, The (1999)']);
  const search = new TitleSearch(catalog);
  // Added before any search: the first search indexes the catalog, this item included.
  catalog.add('new1', { title: 'Paddington (2014)' });
  search.add('Paddington (2014)');
  const first = search.search('paddington', 10);
  assert.deepEqual(
    first.filter((h) => h.item === 'new1').map((h) => h.title),
    ['Paddington (2014)'],
  );
  assert.equal(new Set(search.search('heat', 10).map((h) => h.item)).size, search.search('heat', 10).length);
  // Added after the index exists: indexed at once.
  catalog.add('new2', { title: 'Paddington 2 (2017)' });
  search.add('Paddington 2 (2017)');
  const hits = search.search('paddington 2', 10).map((h) => h.item);
  assert.equal(hits[0], 'new2');
  assert.equal(hits.filter((h) => h === 'new1').length, 1);
  assert.equal(hits.filter((h) => h === 'new2').length, 1);
  assert.equal(search.search('matrix', 1)[0]!.item, 'i2');
});
