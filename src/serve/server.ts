import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Dataset } from '../data/types.ts';
import type { Store } from '../store/store.ts';
import { packageVersion } from '../util/version.ts';
import { enforceWritePolicy, writePolicy } from './auth.ts';
import { Catalog } from './catalog.ts';
import type { ServeContext } from './context.ts';
import type { EdaResponse } from './schemas/types.ts';
import { computeEda } from './eda.ts';
import { Engine } from './engine.ts';
import { FoldInPool } from './fold-in-pool.ts';
import { History } from './history.ts';
import { explanationReasons, type ReasonProvider } from './reasons.ts';
import { itemRoutes } from './routes/items.ts';
import { modelRoutes } from './routes/models.ts';
import { userRoutes } from './routes/users.ts';
import { TitleSearch } from './search.ts';
import type { ServedModel } from './served-model.ts';
import { healthRoutes } from './routes/health.ts';
import { versionRoutes } from './routes/versions.ts';
import { newItemRoutes } from './routes/new-items.ts';
import { ModelVersions } from './versions.ts';
import { helmetHeaders, LOOPBACK_HOSTS, requireAllowedHost, securityHeaders } from './security.ts';
import { answerFirst, hotRecommendations } from './hot-path.ts';
import { defaultWebRoot, serveWebUi } from './static.ts';
import { limitRequests } from './rate-limit.ts';
import { batchedStderr } from './log-stream.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's engine, search index and store (tests and the CLI warm caches through it). */
    gnnrec: ServeContext;
  }
}

/** Options of `buildServer`. */
export interface ServerOptions {
  /** Loaded models (see `loadServedModels`); the first ranking model is the default. */
  models: ServedModel[];
  /** The folders `models` were loaded from: `POST /api/models/reload` (and a watch) loads them again. */
  modelDirs?: readonly string[];
  /** Users, items, titles and ratings (from `store.readGraph()` or a loaded dataset). */
  dataset: Dataset;
  /** Persists onboarded users; omit to keep them in memory only. */
  store?: Pick<Store, 'addRatings'> & Partial<Pick<Store, 'importDataset'>>;
  /** Bearer token required on writes. */
  token?: string;
  /** Without a token, writes are refused (401) unless this is true. */
  allowAnonymousWrites?: boolean;
  /** Host header names accepted (default: localhost, 127.0.0.1, [::1]); `'*'` accepts any. */
  allowedHosts?: readonly string[] | '*';
  /** Requests per minute per client (reads; writes get `writeMax`), or false to disable. */
  rateLimit?: { max: number; writeMax?: number } | false;
  /** Largest accepted request body in bytes (default 64 KiB). */
  bodyLimit?: number;
  /** Built UI folder (default `web/dist`); null serves the API only. */
  webRoot?: string | null;
  /** Structured (pino) logging: one line per request with its id, and every 5xx with its cause. Off by default. */
  logger?: false | ServeLogOptions;
  /** Explanation method (default: the top of each item's explanation). */
  reasons?: ReasonProvider;
  /** A warning the UI shows as a banner (e.g. the demo runs on made-up data). */
  notice?: string;
  /**
   * Whether cached `GET /api/users/:id/recommendations` answers are sent before the router runs (default true;
   * false routes every request, which tests compare against).
   */
  hotPath?: boolean;
  /** Threads that fold new users in off the event loop (`POST /api/users`); 0 (the default) folds in inline. */
  foldInThreads?: number;
  /**
   * Leaves the fold-in threads (folding in inline meanwhile), the title index and the EDA charts to
   * `startDeferred`, which `startServer` calls once the server has listened and warmed its lists.
   */
  deferStart?: boolean;
}

/** Background starts of servers built with `deferStart`, until `startDeferred` runs them. */
const deferred = new WeakMap<FastifyInstance, () => void>();

/** Starts what `buildServer` left for later under `deferStart` (no-op otherwise, and when called again). */
export function startDeferred(app: FastifyInstance): void {
  const start = deferred.get(app);
  deferred.delete(app);
  start?.();
}

/** Where and how much the server logs. */
export interface ServeLogOptions {
  /** pino level (default `info`: every request; `warn` logs only 4xx/5xx problems and `error` only 5xx). */
  level?: string;
  /** Destination of the JSON lines (default stderr, written once per turn of the event loop). */
  stream?: { write(line: string): unknown };
}

/** Builds the HTTP API and UI server (not listening; tests use `inject`). */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const log = opts.logger ?? false;
  const ids = requestIds();
  const app = Fastify({
    // stderr: stdout carries the CLI's own output ("serving at …", --json).
    logger: log === false ? false : { level: log.level ?? 'info', stream: log.stream ?? batchedStderr() },
    // Fastify's own request logging writes two lines per request; `logRequests` below writes one.
    logController: new LogController({ disableRequestLogging: true }),
    // A client's X-Request-Id is kept (so a proxy's id follows the request), else a fresh UUID.
    requestIdHeader: 'x-request-id',
    genReqId: ids,
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    // Unknown fields are an error, not silently dropped, so clients learn about typos.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  });
  const catalog = Catalog.fromDataset(opts.dataset);
  const history = History.fromDataset(opts.dataset);
  const reasons = opts.reasons ?? explanationReasons(catalog);
  const engine = new Engine(opts.models, catalog, history, reasons);
  let pool: FoldInPool | undefined;
  const startPool = (): void => {
    if (pool || !opts.foldInThreads) return;
    pool = new FoldInPool(opts.foldInThreads);
    ctx.engine.foldIns = pool;
  };
  app.addHook('onClose', async () => {
    // A closed server starts nothing later.
    deferred.delete(app);
    await pool?.close();
  });
  const limits = opts.rateLimit ?? { max: 6000, writeMax: 60 };
  const search = new TitleSearch(catalog);
  let eda: EdaResponse | undefined;
  const ctx: ServeContext = {
    engine,
    search,
    // On first use: the charts are the UI's second page, not worth the start-up time of every server.
    get eda(): EdaResponse {
      return (eda ??= computeEda(opts.dataset, catalog));
    },
    ratingRange: opts.dataset.ratingRange ?? [0, 10],
    tokenRequired: opts.token !== undefined || !opts.allowAnonymousWrites,
    writeRateLimit: limits === false ? 1e9 : (limits.writeMax ?? 60),
    ready: true,
  };
  if (opts.store) ctx.store = opts.store;
  // A reloaded version shares the catalogue and histories, and scores API-rated users by fold-in as before.
  ctx.versions = new ModelVersions(ctx, opts.modelDirs, (models) => {
    const next = new Engine(models, catalog, history, reasons, ctx.engine.added);
    next.carryLiveUsers(ctx.engine);
    if (pool) next.foldIns = pool;
    return next;
  });
  if (opts.notice) ctx.notice = opts.notice;
  app.decorate('gnnrec', ctx);
  // The work a listening server can do after its first answers: the fold-in threads (each loads every model kind,
  // a core's second for a second), the title index and the EDA charts.
  const background = (): void => {
    startPool();
    search.build();
    void ctx.eda;
  };
  if (opts.deferStart) deferred.set(app, background);
  else startPool();
  // Draining: a load balancer polling /api/ready stops sending before the listener closes.
  app.addHook('preClose', async () => {
    ctx.ready = false;
  });

  if (log !== false) logRequests(app);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    // The cause goes to the log only: clients see 'internal error' and the request id to quote.
    if (status >= 500) req.log.error({ err, cause: err.cause, url: req.url }, `${status} ${err.message}`);
    const message = status >= 500 && status !== 503 ? `internal error (request ${req.id})` : err.message;
    reply.code(status).send({ statusCode: status, error: statusText(status), message });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({
      statusCode: 404,
      error: 'Not Found',
      message: `no route ${req.method} ${req.url.split('?')[0]}`,
    });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'gnnrec API',
        version: packageVersion(),
        description:
          'Graph-neural-network recommendations: search, onboarding, recommendations, explanations, model cards.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  const headers = await helmetHeaders();
  securityHeaders(app, headers);
  const hosts = requireAllowedHost(app, opts.allowedHosts ?? LOOPBACK_HOSTS);
  // Limit headers only on 429s: writing them on every response costs more than the limit check.
  const limit = limits === false ? undefined : limitRequests(app, { max: limits.max });
  enforceWritePolicy(app, writePolicy(opts.token, opts.allowAnonymousWrites));

  itemRoutes(app, ctx);
  userRoutes(app, ctx);
  modelRoutes(app, ctx);
  versionRoutes(app, ctx);
  newItemRoutes(app, ctx);
  healthRoutes(app, ctx);
  if (opts.webRoot !== null) await serveWebUi(app, opts.webRoot ?? defaultWebRoot);
  // On fastify's server (a host name resolving to several addresses gets more servers at `listen`, which route
  // every request: same answers, without the shortcut).
  if (opts.hotPath !== false)
    answerFirst(
      app.server,
      hotRecommendations({
        ctx,
        allowedHosts: hosts,
        ...(limit ? { limit } : {}),
        headers,
        ...(log === false ? {} : { log: { logger: app.log, ids } }),
      }),
    );
  return app;
}

/**
 * Request ids shaped like UUIDs: a random prefix per server, then a counter. Unique like random UUIDs (74 random
 * bits tell servers apart), at a fraction of the cost of drawing one per request.
 */
export function requestIds(): () => string {
  const prefix = randomUUID().slice(0, 24);
  let n = 0;
  return () => prefix + (n++).toString(16).padStart(12, '0');
}

/** One structured line per answered request (id, method, url, status, milliseconds); 4xx at warn level. */
function logRequests(app: FastifyInstance): void {
  // Callback hooks, not async ones: they run on every request, where a promise each is measurable.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const line = {
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (reply.statusCode >= 500) req.log.error(line, 'request failed');
    else if (reply.statusCode >= 400) req.log.warn(line, 'request refused');
    else req.log.info(line, 'request');
    done();
  });
}

function statusText(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  };
  return names[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
