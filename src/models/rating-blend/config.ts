import { ConfigError, parseConfig, schemaDefaults, type ConfigSchema } from '../schema.ts';
import { findKind, resolveConfig } from '../registry.ts';

/** Kind name of the blend. */
export const RATING_BLEND_KIND = 'rating-blend';

/** Hyper-parameters of the rating blend. */
export interface RatingBlendConfig {
  /** Member rating models: `KIND` or `KIND#LABEL` → that kind's config (each fitted on the same training data). */
  members: Record<string, unknown>;
}

/**
 * Keys and defaults: hetero GraphSAGE and two SVD++ fits (seeds differ) at their own defaults, the member set of best
 * validation RMSE on latest-small's `rating` protocol (3 seeds; notes/issue-22-rating.md).
 */
export const RATING_BLEND_SCHEMA: ConfigSchema<RatingBlendConfig> = {
  members: {
    type: 'object',
    default: { 'hetero-sage': {}, svdpp: {}, 'svdpp#2': {} },
    description:
      'member rating models, KIND or KIND#LABEL (several of one kind) → config; blended by least squares on validation',
  },
};

/** Default configuration. */
export const DEFAULT_RATING_BLEND_CONFIG: Readonly<RatingBlendConfig> = schemaDefaults(RATING_BLEND_SCHEMA);

/** The model kind of a member key (`KIND` or `KIND#LABEL`). */
export function memberKind(key: string): string {
  const at = key.indexOf('#');
  return at < 0 ? key : key.slice(0, at);
}

/** Checks that every member is a registered rating kind (not a blend) with a valid config of its own. */
export function checkRatingBlendConfig(c: Readonly<Record<string, unknown>>): void {
  const members = (c as unknown as RatingBlendConfig).members;
  const names = Object.keys(members);
  if (names.length === 0)
    throw new ConfigError(RATING_BLEND_KIND, 'members', 'must name at least one model kind');
  for (const name of names) {
    const kind = findKind(memberKind(name));
    if (!kind || kind.task !== 'rating' || kind.kind === RATING_BLEND_KIND)
      throw new ConfigError(
        RATING_BLEND_KIND,
        `members.${name}`,
        'is not a rating model kind other than the blend',
      );
    const raw = members[name];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw new ConfigError(RATING_BLEND_KIND, `members.${name}`, 'must be an object (that kind’s config)');
    resolveConfig(kind, raw as Record<string, unknown>);
  }
}

/** Fills defaults and checks a config (bad values throw `ConfigError`). */
export function parseRatingBlendConfig(raw: Readonly<Record<string, unknown>>): RatingBlendConfig {
  const c = parseConfig(RATING_BLEND_KIND, RATING_BLEND_SCHEMA, raw);
  checkRatingBlendConfig(c as unknown as Record<string, unknown>);
  return c;
}
