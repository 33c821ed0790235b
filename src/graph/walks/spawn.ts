import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module that may be TypeScript source. Workers do not inherit loader
 * hooks registered through `tsx` (how tests and `src/cli/entry.ts` run from sources), so a `.ts` entry is
 * reached through a tiny data-URL bootstrap that registers tsx inside the worker first.
 */
export function spawnWorker(entry: URL, workerData: unknown): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData });
}

/** The extension of a sibling module: `.ts` when `moduleUrl` is a source file, `.js` when it runs compiled (dist/). */
export function moduleExtension(moduleUrl: string): '.ts' | '.js' {
  return moduleUrl.endsWith('.ts') ? '.ts' : '.js';
}
