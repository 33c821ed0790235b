import type { Recommender } from './recommender.ts';
import type { Manifest } from './io/manifest.ts';
import type { FolderSpec, ShapeMap } from './io/folder-spec.ts';
import type { TuneSpace } from './tune-space.ts';
import { describeSchema, parseConfig, type ConfigSchema, type KeyDescription } from './schema.ts';
import { UsageError } from '../util/errors.ts';

/** What a model kind can do beyond ranking its training users (callers ask this instead of testing kind names). */
export interface KindCapabilities {
  /** Scores a user unseen in training from the items they rate, without retraining (`foldIn`). */
  foldIn: boolean;
  /** Answers item-to-item similarity (`similarItems`) with a meaning of its own, not a fallback. */
  similarItems: boolean;
  /** Predicts ratings (`RatingPredictor.predict`): evaluated by RMSE/MAE under the `rating` protocol. */
  ratings: boolean;
  /** Has a dedicated explanation method (exact decomposition, paths, attributions) rather than history occlusion. */
  exactExplain: boolean;
  /** Fits in one pass with nothing to early-stop (graph filters, counts, closed forms), so validation only picks its config. */
  trainingFree: boolean;
  /**
   * Its fold-in score is one linear filter of the binary history (`SignalScorer.scoreSignals`), so each rated item's
   * own filtered signal is its exact share of a fold-in's score (explanations of folded-in users). Default false.
   */
  linearSignals?: boolean;
}

/** What a protocol prescribes, as a kind's `protocolDefaults` sees it (structural, so models need not import eval). */
export interface ProtocolPrescription {
  /** Protocol name, e.g. `seed001`, `lightgcn`, `full`, `rating`. */
  protocol: string;
  /** Hyper-parameters the protocol prescribes for the models it was written for (LightGCN-style BPR keys). */
  modelDefaults: Readonly<Record<string, unknown>>;
}

/** Everything gnnrec knows about one model kind, declared in the kind's own folder. */
export interface ModelKind {
  /** Canonical name: the value of `--model` and of `manifest.kind`. */
  kind: string;
  /** Older spellings accepted by `getKind` (manifests written before the rename, scripts). */
  aliases?: readonly string[];
  /** `ranking` models are evaluated by top-K metrics, `rating` models by RMSE/MAE. */
  task: 'ranking' | 'rating';
  /** One-sentence description for `--help` and `gnnrec models`. */
  description: string;
  /** Config keys with types, defaults and ranges: the kind's one config parser and its documentation. */
  schema: ConfigSchema;
  /**
   * Maps the CLI's shorthand keys (`dim`, `batch`, `l2`, …) to this kind's own keys before parsing, for kinds whose
   * keys are named otherwise; keys it leaves in place are checked against the schema like any other.
   */
  shorthands?(raw: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Checks that need several keys at once (throws a `ConfigError`). */
  check?(config: Readonly<Record<string, unknown>>): void;
  /** The part of a protocol's prescription this kind follows (default: none of it). */
  protocolDefaults?(p: ProtocolPrescription): Record<string, unknown>;
  /** What the kind can do. */
  capabilities: KindCapabilities;
  /** What its recommendation scores mean, for people reading them. */
  scoreMeaning?: string;
  /** What its item–item similarity scores mean. */
  similarityMeaning?: string;
  /** A fresh, untrained model for the given sizes (the config is parsed by the kind's schema). */
  create(config: Record<string, unknown>, sizes: { numUsers: number; numItems: number }): Recommender;
  /** Config keys a saved manifest carries besides the schema's (restored state such as names, not settings). */
  storedConfigKeys?: readonly string[];
  /**
   * What its tensors file must hold for a manifest (sizes from ids and config; `shapes` for tensors sized by other
   * tensors): checked by `openModelFolder` before `load`, so a damaged folder fails on open.
   */
  folder?(manifest: Manifest, shapes: ShapeMap): FolderSpec;
  /**
   * Changes score-time settings of a fitted model in place, without refitting (for a model that has no
   * `reconfigure` of its own); throws naming a key that needs a refit.
   */
  reconfigure?(model: Recommender, values: Readonly<Record<string, unknown>>): void;
  /** Its hyper-parameter search space for `gnnrec tune` and `--set auto=true` (kinds without one are not tunable). */
  tuneSpace?: TuneSpace;
  /** Restores a trained model folder written by `save` (use `openModelFolder` to also validate it). */
  load(dir: string): Promise<Recommender>;
}

/** Former name of `ModelKind`, kept for callers written before the registry grew schemas. */
export type ModelFactory = ModelKind;

/** Every model kind by canonical name; each kind's folder adds itself with one line in `models/index.ts`. */
export const modelFactories = new Map<string, ModelKind>();
const aliases = new Map<string, string>();

/** Registers a model kind (called once per kind). */
export function registerModel(k: ModelKind): void {
  for (const name of [k.kind, ...(k.aliases ?? [])]) {
    if (modelFactories.has(name) || aliases.has(name))
      throw new Error(`model kind '${name}' registered twice`);
  }
  modelFactories.set(k.kind, k);
  for (const a of k.aliases ?? []) aliases.set(a, k.kind);
}

/** The kind named `name` (canonical or alias), or undefined. */
export function findKind(name: string): ModelKind | undefined {
  return modelFactories.get(name) ?? modelFactories.get(aliases.get(name) ?? '');
}

/** The kind named `name` (canonical or alias); an unknown name is a usage error listing the kinds. */
export function getKind(name: string): ModelKind {
  const k = findKind(name);
  if (!k)
    throw new UsageError(
      `unknown model '${name}' (kinds: ${listKinds()
        .map((x) => x.kind)
        .join(', ')})`,
    );
  return k;
}

/** Every registered kind, in registration order. */
export function listKinds(): ModelKind[] {
  return [...modelFactories.values()];
}

/**
 * The typed config of `kind` from loosely typed input (a `--config` file, `--set key=value` strings, an API caller's
 * object or a manifest): shorthands mapped, values converted and checked, defaults filled in. Bad values throw a
 * `ConfigError` (exit 2) naming the key and the allowed range or values.
 */
export function resolveConfig(
  kind: ModelKind | string,
  raw: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const k = typeof kind === 'string' ? getKind(kind) : kind;
  const mapped = k.shorthands ? k.shorthands(raw) : raw;
  const config = parseConfig(k.kind, k.schema, mapped);
  k.check?.(config);
  return config;
}

/** The config a kind follows under a protocol: its share of the prescription, then `raw` on top. */
export function configUnderProtocol(
  kind: ModelKind | string,
  p: ProtocolPrescription,
  raw: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const k = typeof kind === 'string' ? getKind(kind) : kind;
  const base = k.protocolDefaults ? k.protocolDefaults(p) : {};
  for (const [key, v] of Object.entries(raw)) if (v !== undefined) base[key] = v;
  return resolveConfig(k, base);
}

/** A fresh model of `kind` with `raw` config resolved by its schema. */
export function createModel(
  kind: ModelKind | string,
  raw: Readonly<Record<string, unknown>>,
  sizes: { numUsers: number; numItems: number },
): Recommender {
  const k = typeof kind === 'string' ? getKind(kind) : kind;
  return k.create(resolveConfig(k, raw), sizes);
}

/** A kind's config keys (key, type, default, allowed range, description), for `gnnrec models`. */
export function describeKind(kind: ModelKind | string): {
  kind: string;
  aliases: string[];
  task: string;
  description: string;
  capabilities: KindCapabilities;
  keys: KeyDescription[];
  /** Keys `gnnrec tune` and `--set auto=true` search (empty: the kind is not tunable). */
  tuned: string[];
} {
  const k = typeof kind === 'string' ? getKind(kind) : kind;
  return {
    kind: k.kind,
    aliases: [...(k.aliases ?? [])],
    task: k.task,
    description: k.description,
    capabilities: { ...k.capabilities },
    keys: describeSchema(k.schema),
    tuned: (k.tuneSpace?.params ?? []).map((p) => p.name),
  };
}

/** The subset of `prescription` whose keys `schema` has (for kinds that follow the LightGCN-style BPR prescriptions). */
export function prescribedKeys(
  schema: ConfigSchema,
  prescription: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(prescription)) if (key in schema) out[key] = v;
  return out;
}
