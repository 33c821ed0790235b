import {
  errorResponses,
  errorSchema,
  idSchema,
  kSchema,
  modelParamSchema,
  reasonSchema,
  recommendationSchema,
  recommendationsSchema,
} from './common.ts';
import { ruleQuerySchema } from '../rules/parse.ts';

/** Business rules in a JSON body (the `ItemRules` shape): filters applied before the top-K, optional MMR λ. */
export const rulesBodySchema = {
  type: 'object',
  properties: {
    include: { type: 'array', items: idSchema, maxItems: 10_000 },
    exclude: { type: 'array', items: idSchema, maxItems: 10_000 },
    genres: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 },
    excludeGenres: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 },
    ranges: {
      type: 'object',
      maxProperties: 16,
      additionalProperties: {
        type: 'object',
        properties: { min: { type: 'number' }, max: { type: 'number' } },
        additionalProperties: false,
      },
    },
    diversity: { type: 'number', minimum: 0, maximum: 1 },
  },
  additionalProperties: false,
} as const;

/** `POST /api/users`. */
export const createUserSchema = {
  summary: 'Create a user from a few ratings and get recommendations at once (fold-in, no retraining)',
  tags: ['users'],
  security: [{ bearer: [] }],
  body: {
    type: 'object',
    properties: {
      ratings: {
        type: 'array',
        minItems: 1,
        maxItems: 200,
        items: {
          type: 'object',
          properties: { item: idSchema, rating: { type: 'number', minimum: 0, maximum: 10 } },
          required: ['item', 'rating'],
          additionalProperties: false,
        },
      },
      k: kSchema,
      model: modelParamSchema,
      rules: rulesBodySchema,
      // Reasons cost several fold-ins of the new user; a client that shows none (an API client onboarding users in
      // bulk) skips them, and the first GET that needs them computes them.
      reasons: { type: 'boolean', default: true },
    },
    required: ['ratings'],
    additionalProperties: false,
  },
  response: {
    201: {
      type: 'object',
      properties: {
        ...recommendationsSchema.properties,
        byModel: { type: 'object', additionalProperties: { type: 'array', items: recommendationSchema } },
      },
      required: [...recommendationsSchema.required, 'byModel'],
    },
    401: errorSchema,
    ...errorResponses,
  },
} as const;

/** `POST /api/users/:id/ratings`: same body and answer as onboarding, for an existing user. */
export const addRatingsSchema = {
  summary: "Add or change a user's ratings and get their updated recommendations",
  tags: ['users'],
  security: [{ bearer: [] }],
  params: { type: 'object', properties: { id: idSchema }, required: ['id'] },
  body: createUserSchema.body,
  response: { 200: createUserSchema.response[201], 401: errorSchema, ...errorResponses },
} as const;

/** `GET /api/users/:id`. */
export const userSchema = {
  summary: "A user's ratings, best first",
  tags: ['users'],
  params: { type: 'object', properties: { id: idSchema }, required: ['id'] },
  response: {
    200: {
      type: 'object',
      properties: {
        user: { type: 'string' },
        ratings: {
          type: 'array',
          items: {
            type: 'object',
            properties: { item: { type: 'string' }, title: { type: 'string' }, rating: { type: 'number' } },
            required: ['item', 'title', 'rating'],
          },
        },
        total: { type: 'integer' },
      },
      required: ['user', 'ratings'],
    },
    ...errorResponses,
  },
} as const;

/** `GET /api/users/:id/recommendations`. */
export const recommendationsRouteSchema = {
  summary:
    'Top-K recommendations (seen items removed, reasons attached); optional filters (include, exclude, genres, ' +
    'excludeGenres, year=min..max, range=name:min..max) applied before the cut, and MMR diversity λ',
  tags: ['users'],
  params: { type: 'object', properties: { id: idSchema }, required: ['id'] },
  querystring: {
    type: 'object',
    properties: { k: kSchema, model: modelParamSchema, ...ruleQuerySchema },
    additionalProperties: false,
  },
  response: { 200: recommendationsSchema, ...errorResponses },
} as const;

/** `GET /api/users/:id/explain/:item`. */
export const explainSchema = {
  summary: "Why an item is recommended to a user: its score and the user's items behind it",
  tags: ['users'],
  params: { type: 'object', properties: { id: idSchema, item: idSchema }, required: ['id', 'item'] },
  querystring: { type: 'object', properties: { model: modelParamSchema }, additionalProperties: false },
  response: {
    200: {
      type: 'object',
      properties: {
        user: { type: 'string' },
        item: { type: 'string' },
        title: { type: 'string' },
        model: { type: 'string' },
        score: { type: 'number' },
        method: { type: 'string' },
        reasons: { type: 'array', items: reasonSchema },
        otherShare: { type: 'number' },
        residualShare: { type: 'number' },
        likedFrom: { type: 'number' },
        raters: {
          type: 'array',
          items: {
            type: 'object',
            properties: { user: { type: 'string' }, rating: { type: 'number' }, weight: { type: 'number' } },
            required: ['user', 'rating', 'weight'],
          },
        },
      },
      required: ['user', 'item', 'title', 'model', 'score', 'method', 'reasons'],
    },
    ...errorResponses,
  },
} as const;
