import type { FastifyInstance } from 'fastify';
import { addItems } from '../add-items.ts';
import type { ServeContext } from '../context.ts';
import { addItemsSchema } from '../schemas/new-items.ts';
import type { AddItemsRequest, AddItemsResponse } from '../schemas/types.ts';

/** `POST /api/items`: new items with their features, recommendable at once (a write: the token is required). */
export function newItemRoutes(app: FastifyInstance, ctx: ServeContext): void {
  app.post<{ Body: AddItemsRequest }>(
    '/api/items',
    { schema: addItemsSchema, config: { rateLimit: { max: ctx.writeRateLimit } } },
    async (req, reply): Promise<AddItemsResponse> => {
      const items = await addItems(ctx, req.body.items);
      reply.code(201);
      return { added: items.length, items };
    },
  );
}
