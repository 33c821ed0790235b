// Training from the store equals training from the file: readGraph returns the dataset in the
// order it was imported, so the same seed gives bit-identical embeddings and scores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../src/data/types.ts';
import { loadDataset } from '../src/data/load.ts';
import { createModel } from '../src/models/index.ts';
import { openStore } from '../src/store/open.ts';
import { bulkDataset, datasetView } from './store-fixtures.ts';

async function trainScores(ds: Dataset): Promise<Float32Array> {
  const model = createModel(
    'mf-bpr',
    { dim: 8, epochs: 2, batch: 256 },
    { numUsers: ds.users.size, numItems: ds.items.size },
  );
  await model.fit(
    { numUsers: ds.users.size, numItems: ds.items.size, train: ds.interactions, dataset: ds },
    { seed: 3 },
  );
  return model.scoreUsers(Int32Array.from({ length: ds.users.size }, (_, i) => i));
}

test('a model trained from the store matches one trained from the CSV', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-storetrain-'));
  try {
    // A CSV whose ids are not in sorted order, so an order-losing round-trip would show.
    const src = bulkDataset(150, 101, 12, 9);
    const lines = ['user,item,rating,timestamp'];
    const { user, item, rating, timestamp } = src.interactions;
    for (let k = 0; k < user.length; k++)
      lines.push(`${src.users.raw(user[k]!)},${src.items.raw(item[k]!)},${rating[k]},${timestamp![k]}`);
    const file = join(dir, 'ratings.csv');
    writeFileSync(file, lines.join('\n') + '\n');

    const fromCsv = await loadDataset(file, { format: 'csv' });
    const store = await openStore('pglite://:memory:');
    try {
      await store.importDataset(fromCsv);
      const fromStore = await store.readGraph();
      assert.deepEqual(datasetView(fromStore), datasetView(fromCsv));
      const a = await trainScores(fromCsv);
      const b = await trainScores(fromStore);
      assert.equal(a.length, fromCsv.users.size * fromCsv.items.size);
      assert.deepEqual(b, a);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
