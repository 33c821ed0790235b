import { parseConfig as parseSchemaConfig, schemaDefaults, type ConfigSchema } from '../schema.ts';

/** Hyper-parameters of the SVD++ rating model. */
export interface SvdppConfig {
  /** Latent factors f of p, q and y. */
  factors: number;
  /** SGD learning rate of the first epoch. */
  lr: number;
  /** Multiplicative learning-rate decay per epoch. */
  decay: number;
  /** L2 weight of the factors p, q, y. */
  reg: number;
  /** L2 weight of the user and item biases. */
  regBias: number;
  /** Standard deviation of the initial factors. */
  initStd: number;
  /** Maximum epochs (the run's --epochs overrides). */
  epochs: number;
  /** Early-stopping patience (epochs without a better validation RMSE) as a rating-blend member; a run uses its own. */
  patience: number;
}

/**
 * Config keys of `--model svdpp`. Defaults chosen on the validation part of latest-small's `rating` protocol
 * (seed 1; notes/issue-22-rating.md): f 100, lr 0.007 × 0.95 per epoch, λ 0.05 (factors) / 0.02 (biases),
 * initial factors N(0, 0.03²).
 */
export const SVDPP_SCHEMA: ConfigSchema<SvdppConfig> = {
  factors: { type: 'int', default: 100, min: 1, description: 'latent factors of p, q and y' },
  lr: {
    type: 'number',
    default: 0.007,
    min: 0,
    minExclusive: true,
    description: 'SGD learning rate (first epoch)',
  },
  decay: {
    type: 'number',
    default: 0.95,
    min: 0,
    minExclusive: true,
    description: 'learning-rate factor per epoch',
  },
  reg: { type: 'number', default: 0.05, min: 0, description: 'L2 weight of the factors p, q, y' },
  regBias: { type: 'number', default: 0.02, min: 0, description: 'L2 weight of the user and item biases' },
  initStd: {
    type: 'number',
    default: 0.03,
    min: 0,
    description: 'standard deviation of the initial factors',
  },
  epochs: { type: 'int', default: 100, min: 1, description: 'maximum epochs (the run’s --epochs overrides)' },
  patience: {
    type: 'int',
    default: 5,
    min: 0,
    description:
      'as a rating-blend member: epochs without a better validation RMSE before stopping (0 = never); gnnrec train uses --patience (default: the protocol’s, 5)',
  },
};

/** Default configuration. */
export const DEFAULT_SVDPP_CONFIG: Readonly<SvdppConfig> = schemaDefaults(SVDPP_SCHEMA);

/** Fills defaults and checks a user-supplied config (unknown keys and bad values throw `ConfigError`). */
export function parseSvdppConfig(raw: Readonly<Record<string, unknown>>): SvdppConfig {
  return parseSchemaConfig('svdpp', SVDPP_SCHEMA, raw);
}
