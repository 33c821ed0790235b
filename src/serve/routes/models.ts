import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';
import { modelCard } from '../model-cards.ts';
import { edaSchema, modelsSchema } from '../schemas/models.ts';
import type { EdaResponse, ModelsResponse } from '../schemas/types.ts';

/** Dashboard routes: model cards and EDA tables. */
export function modelRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const cards: ModelsResponse = { models: ctx.engine.models.map(modelCard) };
  app.get('/api/models', { schema: modelsSchema }, async (): Promise<ModelsResponse> => cards);
  app.get('/api/eda', { schema: edaSchema }, async (): Promise<EdaResponse> => ctx.eda);
}
