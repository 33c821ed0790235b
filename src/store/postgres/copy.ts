import { once } from 'node:events';

/** The part of `pg`'s connection a COPY drives (its socket, for backpressure). */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/** A `pg` client that accepts a submittable query object (what `pg-copy-streams` plugs into). */
export interface PgSubmitter {
  query(submittable: object): unknown;
}

/**
 * `COPY … FROM STDIN` as a `pg` submittable: sends `chunks` (rows in COPY text format) as CopyData messages,
 * waiting for the socket to drain so memory stays at one chunk, and resolves to the row count from the server's
 * `COPY n` tag. pg speaks the protocol messages but has no COPY API without `pg-copy-streams`; this is that
 * package's copy-in half, and it runs inside the caller's transaction like any query on the client.
 */
export function copyFrom(client: PgSubmitter, sql: string, chunks: Iterable<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    let error: Error | null = null;
    let rows = 0;
    const pump = async (c: PgConnection): Promise<void> => {
      try {
        for (const chunk of chunks) {
          if (error) return;
          c.sendCopyFromChunk(chunk);
          if (c.stream.writableNeedDrain) await once(c.stream, 'drain');
        }
        c.endCopyFrom();
      } catch (err) {
        // The producer failed (bad data): abort the COPY so the server rolls it back, and report the cause.
        error = err instanceof Error ? err : new Error(String(err));
        c.sendCopyFail(error.message);
      }
    };
    const noop = (): void => {};
    client.query({
      text: sql,
      submit: (c: PgConnection) => c.query(sql),
      handleCopyInResponse: (c: PgConnection) => void pump(c),
      handleCommandComplete: (msg: { text?: string }) => {
        rows = Number(/^COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
      },
      // pg drops a query as soon as the server reports its error (its ReadyForQuery never reaches the query), so the
      // error settles the promise here; the server drops whatever CopyData the pump still sends.
      handleError: (err: Error) => {
        error ??= err;
        reject(error);
      },
      handleReadyForQuery: () => (error ? reject(error) : resolve(rows)),
      handleRowDescription: noop,
      handleDataRow: noop,
      handleEmptyQuery: noop,
      handlePortalSuspended: noop,
      handleCopyData: noop,
    });
  });
}

const SPECIAL = /[\\\t\n\r]/;

/** A text value escaped for COPY's text format (backslash, tab, newline, carriage return). */
export function copyText(v: string): string {
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}
