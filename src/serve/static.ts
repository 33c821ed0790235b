import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Folder of the built web UI (`npm ci` / `npm run build` writes it). */
export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Serves the built UI at `/`; without a build, `/` says how to make one instead of a bare 404. */
export async function serveWebUi(app: FastifyInstance, root: string): Promise<void> {
  if (existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, { root, prefix: '/', index: ['index.html'], wildcard: false });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    reply
      .type('text/html')
      .send(
        '<!doctype html><p>The web UI is not built. Run <code>npm run build</code> and restart. The API is at <a href="/docs">/docs</a>.</p>',
      );
  });
}
