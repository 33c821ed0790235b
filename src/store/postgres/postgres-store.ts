import type { Store } from '../store.ts';
import { SqlStore } from '../sql/sql-store.ts';
import { redactUrl } from '../errors.ts';
import { openPg } from './pg-client.ts';
import { partitionedSchemaSql } from '../sql/schema-partitioned.ts';

/** Opens a `postgres://user:pass@host:port/db` (or `postgresql://`) store on a PostgreSQL server. */
export async function openPostgresStore(url: string): Promise<Store> {
  // Partitioned by user: the same schema runs on Citus or behind read replicas (docs/SCALING.md).
  return new SqlStore(await openPg(url), redactUrl(url), partitionedSchemaSql());
}
