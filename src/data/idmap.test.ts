import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdMap } from './idmap.ts';

test('IdMap assigns dense indices once and round-trips', () => {
  const m = new IdMap();
  assert.equal(m.add('u9'), 0);
  assert.equal(m.add('u3'), 1);
  assert.equal(m.add('u9'), 0);
  assert.equal(m.size, 2);
  assert.equal(m.raw(1), 'u3');
  assert.equal(m.get('nope'), undefined);
  const back = IdMap.fromJSON(m.toJSON());
  assert.equal(back.get('u3'), 1);
  assert.throws(() => m.raw(5), RangeError);
});
