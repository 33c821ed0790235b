import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeHtmlEntities,
  namesFromLiteralList,
  splitGenres,
  yearFromDate,
  yearFromTitle,
} from './text.ts';

test('HTML entities in anime names are decoded', () => {
  assert.equal(decodeHtmlEntities('Gintama&#039;'), "Gintama'");
  assert.equal(
    decodeHtmlEntities('Tom &amp; Jerry &quot;x&quot; &#x27;y&#x27; &bogus;'),
    'Tom & Jerry "x" \'y\' &bogus;',
  );
});

test('years come from titles and dates', () => {
  assert.equal(yearFromTitle('Toy Story (1995)'), 1995);
  assert.equal(yearFromTitle('Fawlty Towers (1975-1979) '), 1975);
  assert.equal(yearFromTitle('Babylon 5'), undefined);
  assert.equal(yearFromDate('01-Jan-1995'), 1995);
  assert.equal(yearFromDate('1995-10-30'), 1995);
  assert.equal(yearFromDate(''), undefined);
});

test('JSON-like genre lists and separated genres', () => {
  assert.deepEqual(
    namesFromLiteralList("[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': \"Children's\"}]"),
    ['Animation', "Children's"],
  );
  assert.deepEqual(namesFromLiteralList('[]'), []);
  assert.deepEqual(splitGenres('(no genres listed)', '|'), []);
  assert.deepEqual(splitGenres('Drama, Romance, ', ','), ['Drama', 'Romance']);
});
