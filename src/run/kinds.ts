import '../models/index.ts';
import { configUnderProtocol, getKind, resolveConfig, type ModelKind } from '../models/registry.ts';
import type { ProtocolSetup } from '../eval/index.ts';

/** The registered kind named `kind` (canonical name or alias), or a usage error listing the kinds. */
export function factoryFor(kind: string): ModelKind {
  return getKind(kind);
}

/** Where a run's config defaults come from: the protocol's prescription for the kind, or the kind's schema alone. */
export type ConfigDefaults = 'protocol' | 'schema';

/**
 * The config a run creates its model with: the kind's share of the protocol's prescription (unless `defaults` is
 * `schema`), overridden by `raw` (a `--config` file, `--set` pairs, flags or an API caller's object), checked and
 * completed by the kind's schema (a bad value is a `ConfigError` naming the key and its allowed range).
 */
export function resolveRunConfig(
  kind: ModelKind,
  setup: ProtocolSetup,
  raw: Record<string, unknown>,
  defaults: ConfigDefaults = 'protocol',
): Record<string, unknown> {
  if (defaults === 'schema') return resolveConfig(kind, raw);
  return configUnderProtocol(kind, { protocol: setup.protocol, modelDefaults: setup.modelDefaults }, raw);
}
