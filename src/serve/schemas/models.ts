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

/** One loaded model version (`ModelVersionInfo`). */
export const versionSchema = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    loadedAt: { type: 'string' },
    reason: { type: 'string' },
    serving: { type: 'boolean' },
    models: { type: 'array', items: { type: 'string' } },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          kind: { type: 'string' },
          created: { type: 'string' },
          metrics: freeObject,
        },
        required: ['name', 'kind', 'created', 'metrics'],
      },
    },
  },
  required: ['version', 'loadedAt', 'reason', 'serving', 'models', 'details'],
} as const;

/** `POST /api/models/reload`: load the model folders again and serve them. */
export const reloadSchema = {
  summary: 'Load the model folders again (a retrained version) and switch to it without dropping requests',
  tags: ['models'],
  security: [{ bearer: [] }],
  response: { 200: versionSchema, 401: errorResponses[400], 409: errorResponses[400], ...errorResponses },
} as const;

/** `POST /api/models/rollback`: serve an earlier loaded version again. */
export const rollbackSchema = {
  summary: 'Serve an earlier loaded model version again (default: the one before the serving one)',
  tags: ['models'],
  security: [{ bearer: [] }],
  body: {
    type: ['object', 'null'],
    properties: { version: { type: 'integer', minimum: 1 } },
    additionalProperties: false,
  },
  response: { 200: versionSchema, 401: errorResponses[400], 409: errorResponses[400], ...errorResponses },
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
        versions: { type: 'array', items: versionSchema },
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
        notice: { type: 'string' },
      },
      required: ['dataset', 'ratingRange', 'models', 'tokenRequired'],
    },
  },
} as const;
