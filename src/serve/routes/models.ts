import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';
import { modelCard } from '../model-cards.ts';
import { edaSchema, infoSchema, modelsSchema } from '../schemas/models.ts';
import type { Engine } from '../engine.ts';
import type { EdaResponse, InfoResponse, ModelCard, ModelsResponse } from '../schemas/types.ts';

/** Dashboard routes: server info, model cards and EDA tables. */
export function modelRoutes(app: FastifyInstance, ctx: ServeContext): void {
  // Built once per serving engine: a reload (see versions.ts) swaps `ctx.engine`, and the answers follow it.
  const cards = new WeakMap<Engine, ModelCard[]>();
  const infos = new WeakMap<Engine, InfoResponse>();
  app.get('/api/models', { schema: modelsSchema }, async (): Promise<ModelsResponse> => {
    let models = cards.get(ctx.engine);
    if (!models) cards.set(ctx.engine, (models = ctx.engine.models.map(modelCard)));
    return { models, ...(ctx.versions ? { versions: ctx.versions.list() } : {}) };
  });
  app.get('/api/info', { schema: infoSchema }, async (): Promise<InfoResponse> => {
    let info = infos.get(ctx.engine);
    if (!info)
      infos.set(
        ctx.engine,
        (info = {
          dataset: ctx.eda.dataset,
          ratingRange: ctx.ratingRange,
          models: ctx.engine.models.map((m) => ({ name: m.name, kind: m.kind, task: m.task })),
          tokenRequired: ctx.tokenRequired,
          ...(ctx.notice ? { notice: ctx.notice } : {}),
        }),
      );
    return info;
  });
  app.get('/api/eda', { schema: edaSchema }, async (): Promise<EdaResponse> => ctx.eda);
}
