import type { Command } from 'commander';
import { accessOptions, addAccessFlags, type AccessFlags } from '../../serve/access-flags.ts';
import { openStore, STORE_URL_FORMS } from '../../store/open.ts';
import { UsageError } from '../../util/errors.ts';
import { InvalidOption } from '../output.ts';

interface ServeFlags extends AccessFlags {
  model: string[];
  store?: string;
  data?: string;
  port: number;
  host: string;
}

/** Parses `--port`: 0..65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidOption(`--port must be an integer 0..65535, got '${value}'`);
  return n;
}

/** Registers `gnnrec serve --model DIR [--model DIR2 …] [--store URL] [--port 3000] [--token-file F]`. */
export function registerServe(program: Command): void {
  const cmd = program
    .command('serve')
    .description('Serve trained models over the HTTP API and the web UI (titles and ratings from the store)')
    .requiredOption(
      '--model <dir>',
      'model folder (repeat for several models)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--store <url>', `store with users, items and ratings: ${STORE_URL_FORMS}`, 'pglite://')
    .option(
      '--data <dir>',
      'read users, items and ratings from a dataset folder instead of a store (new users are then kept in memory)',
    )
    .option('--port <n>', 'port', parsePort, 3000)
    .option('--host <host>', 'interface to listen on', '127.0.0.1');
  // Writes need a token unless opened explicitly; see the README's "Deploying".
  addAccessFlags(cmd).action(async (o: ServeFlags) => {
    // The server, readers and models load when it runs, not when the CLI starts. The server's modules (Fastify,
    // swagger: the largest import) load while the dataset is read, so start-up waits for the longer of the two.
    const serverModule = import('../../serve/start.ts');
    // Awaited below; this only keeps a failure before then (a bad flag) from also reporting an unhandled rejection.
    serverModule.catch(() => undefined);
    // The compute backend (wasm compile, worker threads) starts beside the dataset read: neither needs the other.
    const backend = import('../../run/backend.ts').then(({ selectBackend }) => selectBackend());
    backend.catch(() => undefined);
    const log = (line: string): void => void process.stderr.write(`${line}\n`);
    const access = accessOptions(o, process.env, log);
    if (o.data) {
      const { loadDataset } = await import('../../data/load.ts');
      const [dataset, { startServer }] = await Promise.all([loadDataset(o.data), serverModule, backend]);
      const { url } = await startServer({
        modelDirs: o.model,
        dataset,
        host: o.host,
        port: o.port,
        ...access,
        log,
      });
      process.stdout.write(`gnnrec serving at ${url}\n`);
      return;
    }
    const store = await openStore(o.store ?? 'pglite://');
    const [dataset, { startServer }] = await Promise.all([store.readGraph(), serverModule, backend]);
    if (dataset.items.size === 0) {
      await store.close();
      throw new UsageError(
        `store ${store.url} has no items: run 'gnnrec import --data D --store ${o.store}' first, or pass --data`,
      );
    }
    const { url } = await startServer({
      modelDirs: o.model,
      dataset,
      store,
      host: o.host,
      port: o.port,
      ...access,
      log,
    });
    process.stdout.write(`gnnrec serving at ${url}\n`);
  });
}
