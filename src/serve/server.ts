import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Dataset } from '../data/types.ts';
import type { Store } from '../store/store.ts';
import { packageVersion } from '../util/version.ts';
import { requireTokenForWrites } from './auth.ts';
import { Catalog } from './catalog.ts';
import type { ServeContext } from './context.ts';
import { computeEda } from './eda.ts';
import { Engine } from './engine.ts';
import { History } from './history.ts';
import { foldInReasons, type ReasonProvider } from './reasons.ts';
import { itemRoutes } from './routes/items.ts';
import { modelRoutes } from './routes/models.ts';
import { RECOMMENDATIONS_ROUTE, userRoutes } from './routes/users.ts';
import { TitleSearch } from './search.ts';
import type { ServedModel } from './served-model.ts';
import { defaultWebRoot, serveWebUi } from './static.ts';

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
  /** Users, items, titles and ratings (from `store.readGraph()` or a loaded dataset). */
  dataset: Dataset;
  /** Persists onboarded users; omit to keep them in memory only. */
  store?: Pick<Store, 'addRatings'>;
  /** Bearer token required on writes; none means writes are open. */
  token?: string;
  /** Requests per minute per client (reads; writes get `writeMax`), or false to disable. */
  rateLimit?: { max: number; writeMax?: number } | false;
  /** Largest accepted request body in bytes (default 64 KiB). */
  bodyLimit?: number;
  /** Built UI folder (default `web/dist`); null serves the API only. */
  webRoot?: string | null;
  logger?: boolean;
  /** Explanation method (default: fold-in contributions). */
  reasons?: ReasonProvider;
}

/** Builds the HTTP API and UI server (not listening; tests use `inject`). */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const logger = opts.logger ?? false;
  const app = Fastify({
    logger,
    // Per-request log lines build two objects per request even with the no-op logger: none without a logger,
    // and none for the hot route with one.
    logController: new LogController({
      disableRequestLogging: logger ? (req) => req.routeOptions.url === RECOMMENDATIONS_ROUTE : true,
    }),
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    // Unknown fields are an error, not silently dropped, so clients learn about typos.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  });
  const catalog = Catalog.fromDataset(opts.dataset);
  const engine = new Engine(
    opts.models,
    catalog,
    History.fromDataset(opts.dataset),
    opts.reasons ?? foldInReasons(catalog),
  );
  const limits = opts.rateLimit ?? { max: 6000, writeMax: 60 };
  const ctx: ServeContext = {
    engine,
    search: new TitleSearch(catalog),
    eda: computeEda(opts.dataset, catalog),
    ratingRange: opts.dataset.ratingRange ?? [0, 10],
    tokenRequired: Boolean(opts.token),
    writeRateLimit: limits === false ? 1e9 : (limits.writeMax ?? 60),
  };
  if (opts.store) ctx.store = opts.store;
  app.decorate('gnnrec', ctx);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) req.log.error(err);
    const message = status >= 500 ? 'internal error' : err.message;
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
  await app.register(swaggerUi, { routePrefix: '/docs' });
  if (limits !== false) {
    // Limit headers only on 429s: writing five headers on every response costs more than the limit check.
    await app.register(rateLimit, {
      max: limits.max,
      timeWindow: '1 minute',
      addHeadersOnExceeding: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
      },
    });
  }
  if (opts.token) requireTokenForWrites(app, opts.token);

  itemRoutes(app, ctx);
  userRoutes(app, ctx);
  modelRoutes(app, ctx);
  app.get('/api/health', { schema: { hide: true } }, async () => ({
    ok: true,
    models: engine.models.map((m) => m.name),
  }));
  if (opts.webRoot !== null) await serveWebUi(app, opts.webRoot ?? defaultWebRoot);
  return app;
}

function statusText(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
  };
  return names[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
