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
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
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
  const lostError = (err: unknown, during: string): StoreError =>
    new StoreError(
      `${redactUrl(url)}: lost the connection to the server ${during} (${err instanceof Error ? err.message : String(err)}); ` +
        'the server keeps nothing of an unfinished transaction, so run the command again once the server is up',
    );
  const wrap = (q: PgQueryable): SqlQueryable => ({
    async query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      try {
        return (await q.query(text, [...params])).rows as R[];
      } catch (err) {
        throw connectionLost(err) ? lostError(err, 'during a query') : err;
      }
    },
  });
  return {
    ...wrap(pool),
    async transaction(fn) {
      let client: PgPoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw connectionLost(err) ? lostError(err, 'before a transaction') : err;
      }
      // A checked-out client whose server goes away emits 'error': without a listener that kills the process,
      // and a COPY in flight may never settle. The listener fails the transaction at once instead.
      let lost: Error | null = null;
      let fail: (err: Error) => void = () => {};
      const broken = new Promise<never>((_ok, no) => (fail = no));
      broken.catch(() => {});
      const onError = (err: Error): void => {
        lost ??= err;
        fail(err);
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const work = fn({ ...wrap(client), copyFrom: (sql, chunks) => copyFrom(client, sql, chunks) });
        const out = await Promise.race([work, broken]);
        await client.query('COMMIT');
        client.removeListener('error', onError);
        client.release();
        return out;
      } catch (err) {
        if (lost !== null || connectionLost(err)) {
          client.release(true);
          throw lostError(lost ?? err, 'in the middle of a transaction');
        }
        // A failed ROLLBACK means the connection is broken: drop it instead of returning it to the pool.
        await client.query('ROLLBACK').then(
          () => client.release(),
          () => client.release(true),
        );
        client.removeListener('error', onError);
        throw err;
      }
    },
    async exec(text) {
      await pool.query(text);
    },
    close: () => pool.end(),
  };
}

/**
 * True for errors that mean the server or the connection went away (not a failed statement): SQLSTATE class 08
 * (connection exception) and 57P01–57P03 (shutdown, crash), a socket reset or refusal, or pg's own message.
 */
export function connectionLost(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[123]$/.test(code))) return true;
  if (typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code))
    return true;
  return /Connection terminated|Client has encountered a connection error|connection to the server was lost/i.test(
    err.message,
  );
}
