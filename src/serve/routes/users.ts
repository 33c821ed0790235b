import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';
import { badRequest, notFound } from '../http-errors.ts';
import { createUserSchema, explainSchema, recommendationsRouteSchema, userSchema } from '../schemas/users.ts';
import type {
  CreateUserRequest,
  CreateUserResponse,
  ExplainResponse,
  Recommendation,
  UserResponse,
} from '../schemas/types.ts';

/** User routes: onboarding (create with ratings), profile, recommendations, explanations. */
export function userRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const { engine } = ctx;

  app.post<{ Body: CreateUserRequest }>(
    '/api/users',
    { schema: createUserSchema, config: { rateLimit: { max: ctx.writeRateLimit, timeWindow: '1 minute' } } },
    async (req, reply): Promise<CreateUserResponse> => {
      const [lo, hi] = ctx.ratingRange;
      const seen = new Set<string>();
      for (const r of req.body.ratings) {
        if (r.rating < lo || r.rating > hi)
          throw badRequest(`ratings: rating ${r.rating} of item '${r.item}' is outside ${lo}..${hi}`);
        if (seen.has(r.item)) throw badRequest(`ratings: item '${r.item}' is rated twice`);
        seen.add(r.item);
      }
      const model = engine.model(req.body.model);
      const k = req.body.k ?? 10;
      const user = engine.createUser(req.body.ratings);
      // Persist first: a user the store does not have must not be served as if it existed.
      await ctx.store?.addRatings(
        user,
        req.body.ratings.map((r) => ({ itemId: r.item, rating: r.rating })),
      );
      const byModel: Record<string, Recommendation[]> = {};
      for (const m of engine.models) byModel[m.name] = engine.recommend(m.name, user, k);
      reply.code(201);
      return { user, model: model.name, recommendations: byModel[model.name]!, byModel };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/users/:id',
    { schema: userSchema },
    async (req): Promise<UserResponse> => {
      if (!engine.hasUser(req.params.id)) throw notFound(`unknown user '${req.params.id}'`);
      const ratings = engine.history
        .top(req.params.id, 200)
        .map((r) => ({ item: r.item, title: engine.catalog.title(r.item), rating: r.rating }));
      return { user: req.params.id, ratings };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { k: number; model?: string } }>(
    '/api/users/:id/recommendations',
    { schema: recommendationsRouteSchema },
    async (req, reply) => {
      // The hot path: a cached, already serialised body (fastify sends strings without re-serialising).
      const body: string = engine.recommendJson(req.query.model, req.params.id, req.query.k);
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get<{ Params: { id: string; item: string }; Querystring: { model?: string } }>(
    '/api/users/:id/explain/:item',
    { schema: explainSchema },
    async (req): Promise<ExplainResponse> => engine.explain(req.query.model, req.params.id, req.params.item),
  );
}
