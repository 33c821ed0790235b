import { errorResponses } from './common.ts';

const freeObject = { type: 'object', additionalProperties: true } as const;
const groupRows = {
  type: 'array',
  items: {
    type: 'object',
    properties: { key: { type: 'string' }, meanRating: { type: 'number' }, items: { type: 'integer' } },
    required: ['key', 'meanRating', 'items'],
  },
} as const;

/** `GET /api/models`. */
export const modelsSchema = {
  summary: 'Model cards: config, metrics, training curve, predicted-vs-true table',
  tags: ['models'],
  response: {
    200: {
      type: 'object',
      properties: {
        models: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              kind: { type: 'string' },
              task: { type: 'string', enum: ['ranking', 'rating'] },
              created: { type: 'string' },
              dataset: {
                type: 'object',
                properties: {
                  name: { type: 'string' },
                  users: { type: 'integer' },
                  items: { type: 'integer' },
                  interactions: { type: 'integer' },
                },
              },
              config: freeObject,
              metrics: freeObject,
              curve: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { epoch: { type: 'number' }, loss: { type: 'number' }, val: freeObject },
                },
              },
              predVsTrue: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    predicted: { type: 'number' },
                    actual: { type: 'number' },
                    count: { type: 'number' },
                  },
                },
              },
            },
            required: ['name', 'kind', 'task', 'config', 'metrics', 'curve', 'predVsTrue'],
          },
        },
      },
      required: ['models'],
    },
    ...errorResponses,
  },
} as const;

/** `GET /api/eda`. */
export const edaSchema = {
  summary: 'Exploratory statistics of the served data (the notebook charts)',
  tags: ['models'],
  response: {
    200: {
      type: 'object',
      properties: {
        dataset: { type: 'string' },
        users: { type: 'integer' },
        items: { type: 'integer' },
        interactions: { type: 'integer' },
        ratingHistogram: {
          type: 'array',
          items: { type: 'object', properties: { rating: { type: 'number' }, count: { type: 'integer' } } },
        },
        byType: groupRows,
        byGenre: groupRows,
        scatter: {
          type: 'object',
          properties: {
            x: { type: 'string' },
            points: {
              type: 'array',
              items: {
                type: 'object',
                properties: { x: { type: 'number' }, y: { type: 'number' }, title: { type: 'string' } },
              },
            },
          },
        },
        popularity: {
          type: 'array',
          items: { type: 'object', properties: { rank: { type: 'integer' }, ratings: { type: 'integer' } } },
        },
      },
      required: [
        'dataset',
        'users',
        'items',
        'interactions',
        'ratingHistogram',
        'byType',
        'byGenre',
        'scatter',
        'popularity',
      ],
    },
    ...errorResponses,
  },
} as const;

/** `GET /api/info`. */
export const infoSchema = {
  summary: 'Dataset name, rating scale, served models and whether writes need a token',
  tags: ['models'],
  response: {
    200: {
      type: 'object',
      properties: {
        dataset: { type: 'string' },
        ratingRange: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
        models: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, kind: { type: 'string' }, task: { type: 'string' } },
            required: ['name', 'kind', 'task'],
          },
        },
        tokenRequired: { type: 'boolean' },
      },
      required: ['dataset', 'ratingRange', 'models', 'tokenRequired'],
    },
  },
} as const;
