import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Dataset } from '../data/types.ts';
import type { Store } from '../store/store.ts';
import { UsageError } from '../util/errors.ts';
import { MAX_K } from './engine.ts';
import { serveFlagsInEffect } from './relaunch.ts';
import { FOLLOW_INTERVAL_MS, followStore } from './replica-sync.ts';
import { loadServedModels } from './served-model.ts';
import { defaultAllowedHosts, isLoopback } from './security.ts';
import { buildServer, startDeferred, type ServeLogOptions } from './server.ts';

/** Longest wait after listening before the fold-in threads, title index and EDA are started. */
const DEFERRED_START_MS = 3000;

/** Options of `startServer`. */
export interface StartOptions {
  modelDirs: string[];
  dataset: Dataset;
  store?: Store;
  host: string;
  port: number;
  token?: string;
  /** Opens writes to anyone when no token is set; refused on a non-loopback host. */
  allowAnonymousWrites?: boolean;
  /** Host header names accepted besides loopback names and `host`; `'*'` accepts any. */
  allowedHosts?: readonly string[] | '*';
  /** Request logging (default: pino JSON lines at `info` to stderr); false turns it off. */
  logger?: false | ServeLogOptions;
  log: (line: string) => void;
  /** Reload the models when a folder's manifest changes (a retrain wrote a new version). */
  watch?: boolean;
  /** A warning the UI shows as a banner (e.g. the demo runs on made-up data). */
  notice?: string;
}

/**
 * Loads the models, builds the server, listens, precomputes every known user's top-K in the background
 * (so requests become lookups), and closes the store on SIGINT/SIGTERM. Returns the listening server and its URL.
 */
export async function startServer(o: StartOptions): Promise<{ app: FastifyInstance; url: string }> {
  const anonymous = !o.token && Boolean(o.allowAnonymousWrites);
  if (anonymous && !isLoopback(o.host))
    throw new UsageError(
      `refusing to listen on ${o.host} with anonymous writes: set GNNREC_TOKEN or --token-file, or bind 127.0.0.1`,
    );
  if (anonymous)
    o.log(
      'warning: anyone who reaches this port can create users and change ratings (--allow-anonymous-writes)',
    );
  else if (!o.token) o.log('writes are disabled (no token): set GNNREC_TOKEN or --token-file to allow them');
  const allowedHosts =
    o.allowedHosts === '*' ? '*' : [...defaultAllowedHosts(o.host), ...(o.allowedHosts ?? [])];
  if (allowedHosts !== '*' && !isLoopback(o.host))
    o.log(`accepting Host headers: ${allowedHosts.join(', ')} (add names with --allowed-hosts)`);
  const models = await loadServedModels(o.modelDirs);
  o.log(`models: ${models.map((m) => `${m.name} (${m.task})`).join(', ')}`);
  o.log(
    `node flags: ${serveFlagsInEffect().join(' ') || 'none (run without bin/gnnrec.js, or GNNREC_NO_RELAUNCH=1)'}`,
  );
  const app = await buildServer({
    models,
    modelDirs: o.modelDirs,
    dataset: o.dataset,
    ...(o.store ? { store: o.store } : {}),
    ...(o.token ? { token: o.token } : {}),
    allowAnonymousWrites: anonymous,
    allowedHosts,
    logger: o.logger ?? {},
    ...(o.notice ? { notice: o.notice } : {}),
    // New users' fold-ins beside the event loop, leaving a core to it.
    foldInThreads: Math.max(1, Math.min(4, availableParallelism() - 1)),
    deferStart: true,
  });
  // Hooks go in before listening (fastify refuses them after). A PostgreSQL store may be shared by several
  // replicas: follow the others' writes (an embedded store cannot be shared).
  if (o.store && /^postgres(ql)?:/.test(o.store.url)) {
    const stopFollowing = followStore(app.gnnrec, o.store, o.log);
    app.addHook('onClose', async () => stopFollowing());
    o.log(`following other replicas' writes to ${o.store.url} every ${FOLLOW_INTERVAL_MS} ms`);
  }
  if (o.watch) {
    const stopWatching = app.gnnrec.versions!.watch(o.log);
    app.addHook('onClose', async () => stopWatching());
    o.log(`watching ${o.modelDirs.map((d) => `${d}/manifest.json`).join(', ')} for new model versions`);
  }
  const address = await app.listen({ host: o.host, port: o.port });
  // Serve at once; lists are computed on first request anyway, warming just moves that work up front.
  const t0 = performance.now();
  app.gnnrec.engine
    .warm()
    .then(
      () =>
        o.log(
          `precomputed top-${MAX_K} lists with reasons for every user in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        ),
      (err: unknown) => o.log(`precomputing lists failed: ${(err as Error).message}`),
    )
    // Then the fold-in threads, title index and EDA, so none of them delays the first answers.
    .then(() => startDeferred(app))
    .catch((err: unknown) => o.log(`starting the fold-in threads failed: ${(err as Error).message}`));
  // Or a few seconds in, when warming takes longer (large catalogues): new users' fold-ins then leave the event loop.
  setTimeout(() => startDeferred(app), DEFERRED_START_MS).unref();
  const url = address.replace('://127.0.0.1', '://localhost');
  let stopping = false;
  const stop = async (): Promise<void> => {
    // A second signal (Ctrl-C reaches both `gnnrec` and its re-run child, which also forwards it) is ignored.
    if (stopping) return;
    stopping = true;
    await app.close();
    await o.store?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return { app, url };
}
