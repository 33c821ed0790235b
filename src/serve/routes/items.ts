import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';
import { notFound } from '../http-errors.ts';
import { itemSchema, searchSchema, similarSchema } from '../schemas/items.ts';
import type { ItemInfo, SearchResponse, SimilarResponse } from '../schemas/types.ts';

/** Item routes: fuzzy search, metadata, similar items. */
export function itemRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const { engine, search } = ctx;

  app.get<{ Querystring: { q: string; limit: number } }>(
    '/api/items/search',
    { schema: searchSchema },
    async (req): Promise<SearchResponse> => {
      return { query: req.query.q, hits: search.search(req.query.q, req.query.limit) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/items/:id',
    { schema: itemSchema },
    async (req): Promise<ItemInfo> => {
      const info = engine.catalog.info(req.params.id);
      if (!info) throw notFound(`unknown item '${req.params.id}'`);
      return info;
    },
  );

  app.get<{ Params: { id: string }; Querystring: { k: number; model?: string } }>(
    '/api/items/:id/similar',
    { schema: similarSchema },
    async (req): Promise<SimilarResponse> => {
      const info = engine.catalog.info(req.params.id);
      if (!info) throw notFound(`unknown item '${req.params.id}'`);
      const model = engine.model(req.query.model);
      return {
        item: info,
        model: model.name,
        similar: engine.similar(model.name, req.params.id, req.query.k),
      };
    },
  );
}
