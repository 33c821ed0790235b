import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';
import { notFound } from '../http-errors.ts';
import { itemSchema, popularSchema, searchSchema, similarSchema } from '../schemas/items.ts';
import type { ItemInfo, SearchHit, SearchResponse, SimilarResponse } from '../schemas/types.ts';
import type { Catalog } from '../catalog.ts';

/** Item routes: fuzzy search, metadata, similar items. */
export function itemRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const { search } = ctx;

  app.get<{ Querystring: { q: string; limit: number } }>(
    '/api/items/search',
    { schema: searchSchema },
    async (req): Promise<SearchResponse> => {
      return { query: req.query.q, hits: search.search(req.query.q, req.query.limit) };
    },
  );

  app.get<{ Querystring: { limit: number } }>(
    '/api/items/popular',
    { schema: popularSchema },
    async (req): Promise<SearchResponse> => ({
      query: '',
      hits: popularHits(ctx.engine.catalog, req.query.limit),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/items/:id',
    { schema: itemSchema },
    async (req): Promise<ItemInfo> => {
      const info = ctx.engine.catalog.info(req.params.id);
      if (!info) throw notFound(`unknown item '${req.params.id}'`);
      return info;
    },
  );

  app.get<{ Params: { id: string }; Querystring: { k: number; model?: string } }>(
    '/api/items/:id/similar',
    { schema: similarSchema },
    async (req): Promise<SimilarResponse> => {
      const info = ctx.engine.catalog.info(req.params.id);
      if (!info) throw notFound(`unknown item '${req.params.id}'`);
      const model = ctx.engine.model(req.query.model);
      return {
        item: info,
        model: model.name,
        similar: ctx.engine.similar(model.name, req.params.id, req.query.k),
      };
    },
  );
}

/** The `limit` most-rated items as search hits (ties by catalog order). */
function popularHits(catalog: Catalog, limit: number): SearchHit[] {
  const order = Array.from({ length: catalog.size }, (_, i) => i).sort(
    (a, b) => catalog.counts[b]! - catalog.counts[a]! || a - b,
  );
  return order.slice(0, limit).map((i) => ({
    item: catalog.ids[i]!,
    title: catalog.meta[i]!.title ?? catalog.ids[i]!,
    score: 100,
    genres: catalog.meta[i]!.genres ?? [],
    ratings: catalog.counts[i]!,
  }));
}
