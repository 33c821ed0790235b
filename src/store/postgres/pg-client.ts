import type { SqlClient, SqlQueryable } from '../sql/client.ts';
import { StoreError, redactUrl } from '../errors.ts';
import { copyFrom } from './copy.ts';

/** The part of a `pg` client the store uses. */
interface PgQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A pooled `pg` client (it also takes submittable objects: COPY, copy.ts). */
interface PgPoolClient extends PgQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  query(submittable: object): unknown;
  release(err?: Error | boolean): void;
}

/** The part of `pg`'s `Pool` the store uses. */
interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** Opens a pool on a PostgreSQL server and checks that it answers (a clear error otherwise). */
export async function openPg(url: string): Promise<SqlClient> {
  const pg = await import('pg');
  const pool: PgPool = new pg.default.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreError(
      `cannot connect to ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const wrap = (q: PgQueryable): SqlQueryable => ({
    async query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      return (await q.query(text, [...params])).rows as R[];
    },
  });
  return {
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ ...wrap(client), copyFrom: (sql, chunks) => copyFrom(client, sql, chunks) });
        await client.query('COMMIT');
        client.release();
        return out;
      } catch (err) {
        // A failed ROLLBACK means the connection is broken: drop it instead of returning it to the pool.
        await client.query('ROLLBACK').then(
          () => client.release(),
          () => client.release(true),
        );
        throw err;
      }
    },
    async exec(text) {
      await pool.query(text);
    },
    close: () => pool.end(),
  };
}
