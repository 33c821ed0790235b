import { mkdir } from 'node:fs/promises';
import type { SqlClient, SqlQueryable } from '../sql/client.ts';
import { StoreError } from '../errors.ts';
import { lockDataDir } from './lock.ts';
import { claimDataDir } from './data-dir.ts';

/** The part of a PGlite transaction the store uses. */
interface PGliteTx {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** The part of `@electric-sql/pglite`'s `PGlite` the store uses. */
interface PGliteLike extends PGliteTx {
  readonly waitReady: Promise<void>;
  exec(text: string): Promise<unknown>;
  transaction<T>(fn: (tx: PGliteTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens an embedded PGlite database: in memory when `dir` is undefined, else file-backed in `dir`. */
export async function openPGlite(dir: string | undefined): Promise<SqlClient> {
  let db: PGliteLike;
  let unlock = (): void => {};
  try {
    if (dir !== undefined) {
      await mkdir(dir, { recursive: true });
      await claimDataDir(dir);
      unlock = lockDataDir(dir);
    }
    // Loaded on demand (after the lock, so a refused opener does no work): the WebAssembly build
    // costs time and memory that server users never need.
    const { PGlite } = await import('@electric-sql/pglite');
    db = dir === undefined ? new PGlite() : new PGlite(dir);
    await db.waitReady;
  } catch (err) {
    unlock();
    if (err instanceof StoreError) throw err;
    throw new StoreError(
      `cannot open PGlite store at ${dir ?? 'memory'}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const wrap = (q: PGliteTx): SqlQueryable => ({
    async query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      return (await q.query<R>(text, [...params])).rows;
    },
  });
  return {
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async exec(text) {
      await db.exec(text);
    },
    async close() {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
