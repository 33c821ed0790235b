import { StoreError, redactUrl } from '../errors.ts';

/** A streaming AQL cursor (the part of arangojs' `Cursor` the store uses). */
export interface AqlCursor<T> extends AsyncIterable<T> {
  all(): Promise<T[]>;
}

/** The part of an arangojs collection the store uses. */
export interface ArangoCollectionLike {
  exists(): Promise<boolean>;
  import(
    docs: Array<Record<string, unknown>>,
    opts: { onDuplicate: 'update'; complete: boolean },
  ): Promise<{ created: number; updated: number; errors: number }>;
  ensureIndex(opts: { type: 'persistent'; fields: string[]; name: string }): Promise<unknown>;
  truncate(): Promise<unknown>;
  drop(): Promise<unknown>;
}

/** The part of an arangojs stream transaction the store uses. */
export interface ArangoTrx {
  step<T>(fn: () => Promise<T>): Promise<T>;
  commit(): Promise<unknown>;
  abort(): Promise<unknown>;
}

/** The part of arangojs' `Database` the store uses. */
export interface ArangoDb {
  exists(): Promise<boolean>;
  version(): Promise<{ version: string }>;
  createDatabase(name: string): Promise<unknown>;
  collection(name: string): ArangoCollectionLike;
  createCollection(name: string): Promise<unknown>;
  createEdgeCollection(name: string): Promise<unknown>;
  graph(name: string): { exists(): Promise<boolean> };
  createGraph(
    name: string,
    edges: Array<{ collection: string; from: string[]; to: string[] }>,
  ): Promise<unknown>;
  query(
    query: string,
    bindVars: Record<string, unknown>,
    opts?: { batchSize?: number; stream?: boolean },
  ): Promise<AqlCursor<unknown>>;
  beginTransaction(collections: { read?: string[]; write?: string[] }): Promise<ArangoTrx>;
  database(name: string): ArangoDb;
  close(): void;
}

/** Where an `arangodb://USER:PASS@HOST:PORT/DB` URL points (`arangodb+https://` for TLS). */
export interface ArangoTarget {
  url: string;
  database: string;
  username: string;
  password: string;
}

/** Parses a store URL into the HTTP endpoint, database name and credentials. */
export function parseArangoUrl(url: string): ArangoTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StoreError(`bad ArangoDB URL '${redactUrl(url)}': expected arangodb://USER:PASS@HOST:PORT/DB`);
  }
  const tls = u.protocol === 'arangodb+https:';
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || '_system';
  return {
    url: `${tls ? 'https' : 'http'}://${u.hostname}:${u.port || '8529'}`,
    database,
    username: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
  };
}

/** Connects, creating the database when missing; a clear error when the server does not answer. */
export async function connectArango(url: string): Promise<ArangoDb> {
  const t = parseArangoUrl(url);
  const { Database } = await import('arangojs');
  const system: ArangoDb = new Database({ url: t.url, auth: { username: t.username, password: t.password } });
  try {
    await system.version();
    const db = system.database(t.database);
    if (!(await db.exists())) await system.createDatabase(t.database);
    return db;
  } catch (err) {
    system.close();
    throw new StoreError(
      `cannot connect to ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}
