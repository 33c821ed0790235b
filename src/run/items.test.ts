import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveItem } from './items.ts';

const ids = ['260', '1196', '1210', '1721'];
const titles = [
  'Star Wars: Episode IV - A New Hope (1977)',
  'Star Wars: Episode V - The Empire Strikes Back (1980)',
  'Star Wars: Episode VI - Return of the Jedi (1983)',
  'Titanic (1997)',
];

test('resolveItem: raw id first, then exact title (any case)', () => {
  assert.deepEqual(resolveItem('1196', ids, titles), { index: 1, how: 'id' });
  assert.deepEqual(resolveItem('titanic (1997)', ids, titles), { index: 3, how: 'title' });
});

test('resolveItem: fuzzy WRatio match, ties broken by the closest full title', () => {
  const m = resolveItem('star wars a new hope', ids, titles);
  assert.equal(m.index, 0);
  assert.equal(m.how, 'fuzzy');
  assert.ok((m.score ?? 0) >= 60);
  assert.equal(resolveItem('Return of the Jedi', ids, titles).index, 2);
  assert.equal(resolveItem('titanik', ids, titles).index, 3);
  // One shared short word ties WRatio at 86 with unrelated long titles; token_set_ratio breaks the tie.
  const more = [...titles, 'Once Upon a Time... When We Were Colored (1995)', 'Goofy Movie, A (1995)'];
  assert.equal(resolveItem('star wars a new hope', [...ids, '1', '2'], more).index, 0);
  assert.equal(resolveItem('Star Wars', [...ids, '1', '2'], more).index, 0);
});

test('resolveItem: nothing close enough, or no titles, is an error naming the query', () => {
  assert.throws(() => resolveItem('zzzz qqqq', ids, titles), /no item id or title matches 'zzzz qqqq'/);
  assert.throws(() => resolveItem('Titanic', ids, null), /no item with id 'Titanic'/);
});
