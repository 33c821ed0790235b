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
      },
      required: ['user', 'ratings'],
    },
    ...errorResponses,
  },
} as const;

/** `GET /api/users/:id/recommendations`. */
export const recommendationsRouteSchema = {
  summary: 'Top-K recommendations (seen items removed, reasons attached)',
  tags: ['users'],
  params: { type: 'object', properties: { id: idSchema }, required: ['id'] },
  querystring: {
    type: 'object',
    properties: { k: kSchema, model: modelParamSchema },
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
