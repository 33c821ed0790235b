import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';
import { HttpError } from '../http-errors.ts';
import { reloadSchema, rollbackSchema } from '../schemas/models.ts';
import type { ModelVersionInfo } from '../schemas/types.ts';

/** `POST /api/models/reload` and `POST /api/models/rollback` (writes: the token is required like any write). */
export function versionRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const versions = () => {
    if (!ctx.versions) throw new HttpError(409, 'this server does not keep model versions');
    return ctx.versions;
  };
  app.post('/api/models/reload', { schema: reloadSchema }, async (): Promise<ModelVersionInfo> =>
    versions().reload('reload'),
  );
  app.post<{ Body: { version?: number } | null }>(
    '/api/models/rollback',
    { schema: rollbackSchema },
    async (req): Promise<ModelVersionInfo> => versions().rollback(req.body?.version),
  );
}
