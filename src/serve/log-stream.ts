import { writeSync } from 'node:fs';

/** A destination for log lines: what fastify's `logger.stream` takes. */
export interface LineSink {
  write(line: string): unknown;
}

/**
 * Standard error, written once per turn of the event loop instead of once per line. Why: on Linux a write to a
 * pipe or file is a synchronous system call, and a server logging every request would make one per request;
 * under load, one turn answers many requests. Lines still pending when the process exits are written then. One
 * sink per process (every server logging to stderr shares it, and its exit handler).
 */
export function batchedStderr(): LineSink {
  return (shared ??= stderrSink());
}

let shared: LineSink | undefined;

function stderrSink(): LineSink {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    process.stderr.write(text);
  };
  process.on('exit', () => {
    if (pending.length > 0) writeSync(2, pending.join(''));
    pending = [];
  });
  return {
    write(line: string): boolean {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return true;
    },
  };
}
