import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgeKey, encodeKey } from './keys.ts';
import { parseArangoUrl } from './driver.ts';

test('encodeKey keeps safe ids and escapes the rest reversibly', () => {
  assert.equal(encodeKey('user-42_a.b'), 'user-42_a.b');
  assert.equal(encodeKey('a b/ü:%'), 'a%20b%2F%C3%BC%3A%25');
  assert.equal(decodeURIComponent(encodeKey('a b/ü:%')), 'a b/ü:%');
  assert.notEqual(encodeKey('a:b'), encodeKey('a%3Ab'));
  assert.match(encodeKey('x'.repeat(300)), /^h[0-9a-f]{64}$/);
});

test('edgeKey joins with ":" and hashes long keys', () => {
  assert.equal(edgeKey('u1', 'm1'), 'u1:m1');
  assert.match(edgeKey('a'.repeat(200), 'b'.repeat(200)), /^h[0-9a-f]{64}$/);
});

test('parseArangoUrl maps the store URL to endpoint, database and credentials', () => {
  assert.deepEqual(parseArangoUrl('arangodb://root:pw@db.local:8530/movies'), {
    url: 'http://db.local:8530',
    database: 'movies',
    username: 'root',
    password: 'pw',
  });
  assert.deepEqual(parseArangoUrl('arangodb+https://host'), {
    url: 'https://host:8529',
    database: '_system',
    username: 'root',
    password: '',
  });
});
