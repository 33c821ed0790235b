// Starts a throw-away PostgreSQL server from Debian's packages for the store tests and benches.
import { after, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running server and how to reach and stop it. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/DB` of a fresh database. */
  url: string;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (immediate shutdown) and deletes its directory. */
  stop(): Promise<void>;
  /** Stops the server as a crash would (immediate shutdown), keeping its data for `resume` (fault tests). */
  pause(): void;
  /** Starts a paused server again on the same port (it recovers from its write-ahead log). */
  resume(): void;
}

/** Finds `initdb`/`pg_ctl` of the newest installed PostgreSQL (or `$GNNREC_PG_BIN`), or explains why none is usable. */
export function findPostgresBin(): string {
  // GNNREC_PG_BIN points at another installation's bin folder (and lets a test see the failure path).
  const override = process.env.GNNREC_PG_BIN;
  if (override !== undefined && override !== '') {
    if (!existsSync(join(override, 'initdb'))) throw new Error(`GNNREC_PG_BIN=${override} has no initdb`);
    return override;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0)
    throw new Error(`no PostgreSQL server under ${root} (apt-get install postgresql)`);
  return join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Starts a server on a free loopback port in a temp dir (as user `postgres` when run as root). */
export async function startPostgres(opts: { fast?: boolean } = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root, so the cluster belongs to the `postgres` account Debian creates.
  const run = (cmd: string, args: string[]): string =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    );
  const port = await freePort();
  const o = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${opts.fast ? ' -c fsync=off -c synchronous_commit=off' : ''}`;
  const start = (): void => {
    run(join(bin, 'pg_ctl'), ['-D', data, '-o', o, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  };
  try {
    run(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--locale=C',
    ]);
    // fsync off only for tests: atomicity (what the tests check) does not depend on it.
    start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: string; message: string };
    throw new Error(`cannot start PostgreSQL: ${(e.stderr || e.message).trim()}`, { cause: err });
  }
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const { default: pg } = await import('pg');
  const createDatabase = async (name: string): Promise<string> => {
    const c = new pg.Client({ connectionString: `${base}/postgres` });
    await c.connect();
    try {
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    } finally {
      await c.end();
    }
    return `${base}/${name}`;
  };
  const url = await createDatabase('gnnrec_test');
  return {
    url,
    createDatabase,
    pause() {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    resume: start,
    async stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A test file's PostgreSQL server and scratch folder, started before its tests and removed after them. */
export interface PostgresFixture {
  /** The server, or undefined when none could start outside CI (`reason` says why; tests skip). */
  server: PostgresServer | undefined;
  reason: string;
  dir: string;
}

/** Registers `before`/`after` hooks that start a fast server (failing under CI, skipping elsewhere) and a temp folder. */
export function usePostgres(prefix: string): PostgresFixture {
  const f: PostgresFixture = { server: undefined, reason: '', dir: '' };
  before(async () => {
    f.dir = mkdtempSync(join(tmpdir(), prefix));
    try {
      f.server = await startPostgres({ fast: true });
    } catch (err) {
      f.reason = err instanceof Error ? err.message : String(err);
      if (process.env.CI === 'true' || process.env.CI === '1') throw err;
    }
  });
  after(async () => {
    await f.server?.stop();
    rmSync(f.dir, { recursive: true, force: true });
  });
  return f;
}

/** Rows of one query on a fresh connection to `url` (what a test reads or sets up beside the store's own pool). */
export async function queryOnce<R>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as R[];
  } finally {
    await c.end();
  }
}
