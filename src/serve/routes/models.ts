import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';
import { modelCard } from '../model-cards.ts';
import { edaSchema, infoSchema, modelsSchema } from '../schemas/models.ts';
import type { EdaResponse, InfoResponse, ModelsResponse } from '../schemas/types.ts';

/** Dashboard routes: server info, model cards and EDA tables. */
export function modelRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const cards: ModelsResponse = { models: ctx.engine.models.map(modelCard) };
  app.get('/api/models', { schema: modelsSchema }, async (): Promise<ModelsResponse> => cards);
  const info: InfoResponse = {
    dataset: ctx.eda.dataset,
    ratingRange: ctx.ratingRange,
    models: ctx.engine.models.map((m) => ({ name: m.name, kind: m.kind, task: m.task })),
    tokenRequired: ctx.tokenRequired,
  };
  app.get('/api/info', { schema: infoSchema }, async (): Promise<InfoResponse> => info);
  app.get('/api/eda', { schema: edaSchema }, async (): Promise<EdaResponse> => ctx.eda);
}
