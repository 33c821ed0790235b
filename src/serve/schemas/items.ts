import { errorResponses, idSchema, itemInfoSchema, kSchema, modelParamSchema } from './common.ts';

/** `GET /api/items/search`. */
export const searchSchema = {
  summary: 'Fuzzy title search (typo tolerant, ranked like fuzzywuzzy WRatio)',
  tags: ['items'],
  querystring: {
    type: 'object',
    properties: {
      q: { type: 'string', minLength: 1, maxLength: 200 },
      limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
    },
    required: ['q'],
    additionalProperties: false,
  },
  response: {
    200: {
      type: 'object',
      properties: {
        query: { type: 'string' },
        hits: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              item: { type: 'string' },
              title: { type: 'string' },
              score: { type: 'number' },
              genres: { type: 'array', items: { type: 'string' } },
              ratings: { type: 'integer' },
            },
            required: ['item', 'title', 'score', 'genres', 'ratings'],
          },
        },
      },
      required: ['query', 'hits'],
    },
    ...errorResponses,
  },
} as const;

/** `GET /api/items/:id`. */
export const itemSchema = {
  summary: 'Item metadata',
  tags: ['items'],
  params: { type: 'object', properties: { id: idSchema }, required: ['id'] },
  response: { 200: itemInfoSchema, ...errorResponses },
} as const;

/** `GET /api/items/:id/similar`. */
export const similarSchema = {
  summary: 'Most similar items under a model',
  tags: ['items'],
  params: { type: 'object', properties: { id: idSchema }, required: ['id'] },
  querystring: {
    type: 'object',
    properties: { k: kSchema, model: modelParamSchema },
    additionalProperties: false,
  },
  response: {
    200: {
      type: 'object',
      properties: {
        item: itemInfoSchema,
        model: { type: 'string' },
        similar: {
          type: 'array',
          items: {
            type: 'object',
            properties: { item: { type: 'string' }, title: { type: 'string' }, score: { type: 'number' } },
            required: ['item', 'title', 'score'],
          },
        },
      },
      required: ['item', 'model', 'similar'],
    },
    ...errorResponses,
  },
} as const;

/** `GET /api/items/popular`: the most-rated titles, a list to start rating from (search hits, score 100). */
export const popularSchema = {
  summary: 'The most-rated items: what the onboarding page offers to rate first',
  tags: ['items'],
  querystring: {
    type: 'object',
    properties: { limit: { type: 'integer', minimum: 1, maximum: 50, default: 12 } },
    additionalProperties: false,
  },
  response: { 200: searchSchema.response[200], ...errorResponses },
} as const;
