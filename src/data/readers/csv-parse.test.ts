import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvRecordParser, parseCsvLine } from './csv-parse.ts';

test('RFC-4180: quoted commas, doubled quotes, empty fields', () => {
  assert.deepEqual(parseCsvLine('1,"Toy Story, The (1995)",Comedy'), [
    '1',
    'Toy Story, The (1995)',
    'Comedy',
  ]);
  assert.deepEqual(parseCsvLine('a,"say ""hi""",,'), ['a', 'say "hi"', '', '']);
  assert.deepEqual(parseCsvLine('x\ty', '\t'), ['x', 'y']);
  assert.deepEqual(parseCsvLine(''), ['']);
});

test('a quoted field may span lines; the record reports its first line', () => {
  const p = new CsvRecordParser(',');
  assert.equal(p.push('7,"first', 3), null);
  assert.equal(p.pending, true);
  assert.deepEqual(p.push('second",x', 4), ['7', 'first\nsecond', 'x']);
  assert.equal(p.startLine, 3);
  assert.equal(p.pending, false);
  assert.throws(() => parseCsvLine('"open'), /unterminated/);
  assert.throws(() => new CsvRecordParser('::'), RangeError);
});
