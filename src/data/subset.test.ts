import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from './synthetic.ts';
import { withoutItems } from './subset.ts';

test('withoutItems drops the items and their interactions, keeps users, and returns what it removed', () => {
  const ds = generateSynthetic({ users: 20, items: 30, seed: 2 });
  const out = new Set([0, 7, 29]);
  const { dataset, removed } = withoutItems(ds, out, 'cold');
  assert.equal(dataset.name, 'cold');
  assert.equal(dataset.items.size, 27);
  assert.equal(dataset.users, ds.users);
  let onOut = 0;
  for (const i of ds.interactions.item) if (out.has(i)) onOut++;
  assert.ok(onOut > 0);
  assert.equal(dataset.interactions.user.length, ds.interactions.user.length - onOut);
  assert.equal(
    [...removed.values()].reduce((n, s) => n + s.size, 0),
    onOut, // synthetic users rate an item at most once
  );
  // Every kept interaction names the same raw item as before.
  for (let e = 0, k = 0; e < ds.interactions.user.length; e++) {
    const i = ds.interactions.item[e]!;
    if (out.has(i)) {
      assert.ok(removed.get(ds.interactions.user[e]!)!.has(i));
      continue;
    }
    assert.equal(dataset.items.raw(dataset.interactions.item[k]!), ds.items.raw(i));
    assert.equal(dataset.interactions.user[k++], ds.interactions.user[e]);
  }
  assert.equal(dataset.itemMeta.length, 27);
});
