import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module that may be TypeScript source. Workers do not inherit loader
 * hooks registered through `tsx/esm/api` (how `bin/gnnrec.js` runs), so a `.ts` entry is reached
 * through a tiny data-URL bootstrap that registers tsx inside the worker first.
 */
export function spawnWorker(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData });
}
