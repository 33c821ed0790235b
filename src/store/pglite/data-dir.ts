import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../errors.ts';
import { LOCK_FILE } from './lock.ts';

/** File that marks a folder as a gnnrec PGlite store (written before PGlite creates its files). */
export const STORE_MARKER = 'gnnrec-store.json';

/**
 * Checks that `dir` may hold a PGlite store: an empty folder (claimed by writing the marker), a
 * folder gnnrec marked, or an existing PostgreSQL data folder (`PG_VERSION`, stores made before the
 * marker existed). Anything else is refused, so a wrong `pglite://` path never scatters database
 * files among the user's own.
 */
export async function claimDataDir(dir: string): Promise<void> {
  const st = await stat(dir);
  if (!st.isDirectory())
    throw new StoreError(`pglite://${dir}: not a folder; give a new or empty folder for the store`);
  const entries = (await readdir(dir)).filter((e) => e !== LOCK_FILE && !e.startsWith(`${LOCK_FILE}.`));
  if (entries.includes(STORE_MARKER) || entries.includes('PG_VERSION')) return;
  if (entries.length > 0) {
    const shown =
      entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, … (${entries.length} entries)` : '');
    throw new StoreError(
      `pglite://${dir}: folder is not empty and is not a gnnrec store (it holds ${shown}); give a new or empty folder, or the folder of an existing store`,
    );
  }
  await writeFile(
    join(dir, STORE_MARKER),
    JSON.stringify({ kind: 'gnnrec PGlite store', created: new Date().toISOString() }) + '\n',
    { flag: 'wx' },
  ).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
}
