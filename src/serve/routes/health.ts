import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';

/**
 * Liveness (`/api/health`: the process answers) and readiness (`/api/ready`: it takes traffic) probes. Both are
 * exempt from the rate limit, so a busy server is never restarted for answering its probe with a 429.
 */
export function healthRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const probe = { schema: { hide: true }, config: { rateLimit: false } } as const;
  app.get('/api/health', probe, async () => ({ ok: true, models: ctx.engine.models.map((m) => m.name) }));
  app.get('/api/ready', probe, async (_req, reply) => {
    if (!ctx.ready) reply.code(503);
    return { ready: ctx.ready, models: ctx.engine.models.length };
  });
}
