import { parseConfig as parseSchemaConfig, schemaDefaults, type ConfigSchema } from '../schema.ts';

/** Hyper-parameters of the EASE model. */
export interface EaseConfig {
  /** L2 weight λ of the closed form (Steck 2019). */
  lambda: number;
  /** Most items in the primal form's dense item–item matrix (maxItems² floats, maxItems³ to invert). */
  maxItems: number;
  /** Most training users for the exact dual form (a users² matrix); above it the primal form is used. */
  maxDualUsers: number;
  /** A new user's rating r enters the fold-in as the weight (r / mean r)^ratingPower (0: binary EASE). */
  ratingPower: number;
  /** Weight β of a GF-CF graph filter blended in: z(EASE) + β·z(GF-CF) (0 turns it off). */
  filterBlend: number;
}

/**
 * Config keys of `--model ease`. Defaults come from the onboarding validation users of latest-small (N = 5, 10, 20;
 * `bench/onboard.ts`, notes/issue-19.md): λ = 1000, rating² fold-in weights, β = 0.25.
 */
export const EASE_SCHEMA: ConfigSchema<EaseConfig> = {
  lambda: {
    type: 'number',
    default: 1000,
    min: 0,
    minExclusive: true,
    description: 'L2 weight λ of the closed form',
  },
  maxItems: {
    type: 'int',
    default: 3000,
    min: 1,
    description: 'most items of the primal form’s item–item matrix (the most interacted)',
  },
  maxDualUsers: {
    type: 'int',
    default: 4000,
    min: 0,
    description: 'most training users for the exact dual form over every item',
  },
  ratingPower: {
    type: 'number',
    default: 2,
    min: 0,
    description: 'fold-in weight (rating / mean rating)^p of a new user’s rating (0: binary)',
  },
  filterBlend: {
    type: 'number',
    default: 0.25,
    min: 0,
    description: 'weight β of a blended GF-CF graph filter (0: none)',
  },
};

/** Default configuration. */
export const DEFAULT_EASE_CONFIG: Readonly<EaseConfig> = schemaDefaults(EASE_SCHEMA);

/** The plain baseline of issue 19: binary EASE, λ = 1000, no filter. */
export const BASELINE_EASE_CONFIG: Readonly<Partial<EaseConfig>> = {
  lambda: 1000,
  ratingPower: 0,
  filterBlend: 0,
};

/** Fills defaults and checks a user-supplied config (unknown keys and bad values throw `ConfigError`). */
export function parseEaseConfig(raw: Readonly<Record<string, unknown>>): EaseConfig {
  return parseSchemaConfig('ease', EASE_SCHEMA, raw);
}
