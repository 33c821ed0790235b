// Child process of store.kill.test.ts: imports a large synthetic dataset into the store at argv[2],
// printing one line per interaction batch so the parent can SIGKILL it mid-import.
import { openStore } from '../src/store/open.ts';
import { bulkDataset } from './store-fixtures.ts';

const url = process.argv[2]!;
// Open first: a child refused by the PGlite lock then fails before doing any work.
const store = await openStore(url);
const ds = bulkDataset(20_000, 2_003, 20, 11);
await store.importDataset(ds, {
  batchSize: 5_000,
  progress: {
    update(phase, done) {
      if (phase === 'interactions') process.stdout.write(`batch ${done}\n`);
    },
    end() {},
  },
});
process.stdout.write('done\n');
await store.close();
