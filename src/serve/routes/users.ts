import type { FastifyInstance } from 'fastify';
import type { ServeContext } from '../context.ts';
import { notFound } from '../http-errors.ts';
import { checkRatingInput, saveRatings } from '../ratings-input.ts';
import { hasRuleText, parseRules, type RuleText } from '../rules/parse.ts';
import { hasRules } from '../rules/rules.ts';
import {
  addRatingsSchema,
  createUserSchema,
  explainSchema,
  recommendationsRouteSchema,
  userSchema,
} from '../schemas/users.ts';
import type {
  CreateUserRequest,
  CreateUserResponse,
  ExplainResponse,
  Recommendation,
  UserResponse,
} from '../schemas/types.ts';

/** The hot route: cached lists, sent as pre-encoded bodies. */
export const RECOMMENDATIONS_ROUTE = '/api/users/:id/recommendations';

/** User routes: onboarding (create with ratings), more ratings, profile, recommendations, explanations. */
export function userRoutes(app: FastifyInstance, ctx: ServeContext): void {
  const answer = (user: string, model: string, body: CreateUserRequest): CreateUserResponse => {
    const { k = 10, rules, reasons = true } = body;
    const byModel: Record<string, Recommendation[]> = {};
    for (const m of ctx.engine.models)
      byModel[m.name] = hasRules(rules)
        ? ctx.engine.recommendWithRules(m.name, user, k, rules, reasons)
        : ctx.engine.recommend(m.name, user, k, reasons);
    return { user, model, recommendations: byModel[model]!, byModel };
  };

  app.post<{ Body: CreateUserRequest }>(
    '/api/users',
    { schema: createUserSchema, config: { rateLimit: { max: ctx.writeRateLimit } } },
    async (req, reply): Promise<CreateUserResponse> => {
      checkRatingInput(ctx, req.body.ratings);
      const model = ctx.engine.model(req.body.model);
      const user = ctx.engine.newUserId();
      await saveRatings(ctx, user, req.body.ratings);
      if (!hasRules(req.body.rules)) await ctx.engine.prepare(user);
      reply.code(201);
      return answer(user, model.name, req.body);
    },
  );

  app.post<{ Params: { id: string }; Body: CreateUserRequest }>(
    '/api/users/:id/ratings',
    { schema: addRatingsSchema, config: { rateLimit: { max: ctx.writeRateLimit } } },
    async (req): Promise<CreateUserResponse> => {
      if (!ctx.engine.hasUser(req.params.id)) throw notFound(`unknown user '${req.params.id}'`);
      checkRatingInput(ctx, req.body.ratings);
      const model = ctx.engine.model(req.body.model);
      await saveRatings(ctx, req.params.id, req.body.ratings);
      if (!hasRules(req.body.rules)) await ctx.engine.prepare(req.params.id);
      return answer(req.params.id, model.name, req.body);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/users/:id',
    { schema: userSchema },
    async (req): Promise<UserResponse> => {
      if (!ctx.engine.hasUser(req.params.id)) throw notFound(`unknown user '${req.params.id}'`);
      const ratings = ctx.engine.history
        .top(req.params.id, 200)
        .map((r) => ({ item: r.item, title: ctx.engine.catalog.title(r.item), rating: r.rating }));
      return { user: req.params.id, ratings, total: ctx.engine.history.get(req.params.id).length };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { k: number; model?: string } & RuleText }>(
    RECOMMENDATIONS_ROUTE,
    { schema: recommendationsRouteSchema },
    (req, reply) => {
      // Rules make the list per request (filters before the cut); without any, the cached body is sent. The
      // check reads fields only, so the hot path allocates nothing for it.
      const rules = hasRuleText(req.query) ? parseRules(req.query) : undefined;
      if (hasRules(rules)) {
        const name = ctx.engine.model(req.query.model).name;
        reply.send({
          user: req.params.id,
          model: name,
          recommendations: ctx.engine.recommendWithRules(name, req.params.id, req.query.k, rules),
        });
        return;
      }
      // The hot path: a cached, already encoded body, which fastify writes as it is. A synchronous handler
      // (fastify catches its throws) saves the promise an async one costs on every request.
      reply
        .header('content-type', 'application/json; charset=utf-8')
        .send(ctx.engine.recommendBody(req.query.model, req.params.id, req.query.k));
    },
  );

  app.get<{ Params: { id: string; item: string }; Querystring: { model?: string } }>(
    '/api/users/:id/explain/:item',
    { schema: explainSchema },
    async (req): Promise<ExplainResponse> =>
      ctx.engine.explain(req.query.model, req.params.id, req.params.item),
  );
}
