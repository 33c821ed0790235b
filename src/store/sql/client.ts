/** Runs one parameterised statement and returns its rows (the subset of pg / PGlite the SQL store uses). */
export interface SqlQueryable {
  /** Executes `text` with `$1…` parameters; never interpolate values into `text`. */
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Streams `chunks` (rows in COPY text format) into `sql` (`COPY … FROM STDIN`) and returns the row count.
   * Only a PostgreSQL server's transaction has it; bulk writes fall back to batched statements without it.
   */
  copyFrom?(sql: string, chunks: Iterable<Buffer>): Promise<number>;
}

/** A connection to a PostgreSQL-compatible database (server or embedded). */
export interface SqlClient extends SqlQueryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /** Runs several `;`-separated statements without parameters (schema creation). */
  exec(text: string): Promise<void>;
  /** Closes the connection(s). */
  close(): Promise<void>;
}
