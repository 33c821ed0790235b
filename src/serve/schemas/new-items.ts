import { errorResponses, errorSchema, idSchema, itemInfoSchema } from './common.ts';

/** `POST /api/items`. */
export const addItemsSchema = {
  summary: 'Add items with their features; they are recommended at once through their content',
  tags: ['items'],
  security: [{ bearer: [] }],
  body: {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 1000,
        items: {
          type: 'object',
          properties: {
            id: idSchema,
            title: { type: 'string', minLength: 1, maxLength: 500 },
            genres: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 50 },
            year: { type: 'integer', minimum: 0, maximum: 9999 },
            type: { type: 'string', maxLength: 100 },
            numeric: { type: 'object', additionalProperties: { type: 'number' }, maxProperties: 50 },
          },
          required: ['id', 'title'],
          additionalProperties: false,
        },
      },
    },
    required: ['items'],
    additionalProperties: false,
  },
  response: {
    201: {
      type: 'object',
      properties: { added: { type: 'integer' }, items: { type: 'array', items: itemInfoSchema } },
      required: ['added', 'items'],
    },
    401: errorSchema,
    409: errorSchema,
    503: errorSchema,
    ...errorResponses,
  },
} as const;
