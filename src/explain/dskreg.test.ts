import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../data/synthetic.ts';
import { Dskreg } from '../models/dskreg/model.ts';
import { DskregExplainer } from './dskreg.ts';
import { pathLabel } from './types.ts';

const ds = generateSynthetic({ users: 60, items: 40, seed: 5, interactionsPerUser: 8 });
const U = ds.users.size,
  I = ds.items.size;
const data = { numUsers: U, numItems: I, train: ds.interactions, dataset: ds };

test('DSKReG with the LightGCN channel: exact item contributions sum to the score; removal re-propagates the model', async () => {
  const m = new Dskreg(U, I, { dim: 8, k: 3, batch: 128, epochs: 3, itersPerEpoch: 0 });
  await m.fit(data, { seed: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-dskreg-ex-'));
  try {
    await m.save(dir);
    // In-process and loaded from the folder (layer-0 embeddings and kept neighbourhoods come from the file).
    for (const model of [m, await Dskreg.load(dir)]) {
      const ex = new DskregExplainer(model);
      assert.equal(ex.method, 'dskreg-exact');
      for (const [u, i] of [
        [0, 3],
        [17, 20],
        [59, 39],
      ]) {
        const e = ex.explain(u, i, { top: 1000 });
        const items = e.contributions.filter((c) => c.kind === 'item');
        assert.equal(items.length, model.seen.indptr[u + 1] - model.seen.indptr[u]);
        const sum = items.reduce((s, c) => s + c.weight, 0) + e.residual;
        const score = model.scoreUsers(Int32Array.of(u))[i];
        assert.ok(
          Math.abs(sum - score) < 1e-4 * Math.max(1, Math.abs(score)),
          `user ${u} item ${i}: ${sum} vs model ${score}`,
        );
        // Keeping the whole history gives the model's scores back; dropping an item moves the score by its contribution.
        const hist = ex.history(u);
        const full = ex.scoreHistory(u, hist);
        assert.ok(Math.abs(full[i] - score) < 1e-4 * Math.max(1, Math.abs(score)));
        const drop = items[0];
        const reduced = ex.scoreHistory(
          u,
          hist.filter((j) => j !== drop.id),
        );
        assert.ok(Math.abs(full[i] - reduced[i] - drop.weight) < 1e-4 * Math.max(1, Math.abs(score)));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('DSKReG, literal sampled variant: path explanations, fold-in for removal', async () => {
  const m = new Dskreg(U, I, {
    collab: 'sampled',
    dim: 8,
    layers: 2,
    k: 3,
    batch: 128,
    epochs: 2,
    itersPerEpoch: 0,
  });
  await m.fit(data, { seed: 2 });
  const ex = new DskregExplainer(m);
  assert.equal(ex.method, 'dskreg-paths');
  const e = ex.explain(0, 3);
  assert.ok(Math.abs(e.score - m.scoreUsers(Int32Array.of(0))[3]) < 1e-5);
  for (const c of e.contributions) assert.ok(c.kind === 'item' || c.kind === 'path');
});

test('DSKReG paths name their titles and entities, never internal indices', async () => {
  const m = new Dskreg(U, I, { dim: 8, k: 3, batch: 128, epochs: 2, itersPerEpoch: 0 });
  await m.fit(data, { seed: 3 });
  const ex = new DskregExplainer(m);
  const title = (j: number): string => ds.itemMeta[j]!.title!;
  let named = 0;
  for (let u = 0; u < 20; u++)
    for (let i = 0; i < 10; i++) {
      for (const c of ex.explain(u, i, { top: 5 }).contributions) {
        if (c.kind !== 'path') continue;
        assert.ok(c.path, 'a path contribution carries its parts');
        const text = pathLabel(c.path, i, title);
        assert.ok(text.startsWith(`you rated ${title(c.path.via)} → `), text);
        assert.ok(text.endsWith(` → ${title(i)}`), text);
        assert.doesNotMatch(text, /\bitem \d+|\buser \d+/, text);
        // The entity is named (e.g. a genre), not an index.
        assert.doesNotMatch(c.path.entity, /^\d+$/, c.path.entity);
        named++;
      }
    }
  assert.ok(named > 0, 'some recommendation is explained by a path');
});
