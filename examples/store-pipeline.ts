// The store pipeline: import a dataset into an embedded PGlite store, train from the store, and write every
// user's top 10 back into its `recommendations` table.
//   node --conditions=gnnrec-source --import tsx examples/store-pipeline.ts [DATA] [STORE_DIR] [MODEL_DIR]
import { loadDataset, openRun, openStore, trainRun, writeBack } from 'gnnrec';

const [data = '../shared/data/ml-latest-small', storeDir = 'store-example', out = 'models/example-store'] =
  process.argv.slice(2);
const url = `pglite://${storeDir}`;

const store = await openStore(url);
try {
  const counts = await store.importDataset(await loadDataset(data));
  console.log(`imported ${JSON.stringify(counts)}`);
} finally {
  await store.close();
}

await trainRun({ kind: 'lightgcn', source: { store: url }, epochs: 5, seed: 1, out });
const report = await writeBack(await openRun(out), url, 'example-lightgcn', 10);
console.log(
  `wrote ${report.inserted} recommendations for ${report.users} users (model id ${report.model_id})`,
);
