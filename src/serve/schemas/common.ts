// JSON schemas shared by several route groups (fastify validates requests and serialises responses with them).

/** Body of every error response. */
export const errorSchema = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
  required: ['statusCode', 'error', 'message'],
} as const;

/** Standard error responses of every route. */
export const errorResponses = {
  400: errorSchema,
  404: errorSchema,
  429: errorSchema,
  500: errorSchema,
} as const;

/** A raw user or item id in a path or body. */
export const idSchema = { type: 'string', minLength: 1, maxLength: 128 } as const;

/** `k` query parameter: list length. */
export const kSchema = { type: 'integer', minimum: 1, maximum: 100, default: 10 } as const;

/** `model` query parameter: a served model's name. */
export const modelParamSchema = { type: 'string', minLength: 1, maxLength: 128 } as const;

/** A reason ("because you liked …"). */
export const reasonSchema = {
  type: 'object',
  properties: {
    item: { type: 'string' },
    title: { type: 'string' },
    rating: { type: 'number' },
    weight: { type: 'number' },
    liked: { type: 'boolean' },
  },
  required: ['item', 'title', 'rating', 'weight'],
} as const;

/** One recommended item. */
export const recommendationSchema = {
  type: 'object',
  properties: {
    item: { type: 'string' },
    title: { type: 'string' },
    score: { type: 'number' },
    reasons: { type: 'array', items: reasonSchema },
  },
  required: ['item', 'title', 'score', 'reasons'],
} as const;

/** A list of recommendations for one user under one model. */
export const recommendationsSchema = {
  type: 'object',
  properties: {
    user: { type: 'string' },
    model: { type: 'string' },
    recommendations: { type: 'array', items: recommendationSchema },
  },
  required: ['user', 'model', 'recommendations'],
} as const;

/** Item metadata. */
export const itemInfoSchema = {
  type: 'object',
  properties: {
    item: { type: 'string' },
    title: { type: 'string' },
    genres: { type: 'array', items: { type: 'string' } },
    type: { type: 'string' },
    year: { type: 'integer' },
    ratings: { type: 'integer' },
    meanRating: { type: ['number', 'null'] },
  },
  required: ['item', 'title', 'genres', 'ratings', 'meanRating'],
} as const;
