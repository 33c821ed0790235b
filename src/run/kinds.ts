import '../models/index.ts';
import { configUnderProtocol, getKind, type ModelKind } from '../models/registry.ts';
import type { ProtocolSetup } from '../eval/index.ts';

/** The registered kind named `kind` (canonical name or alias), or a usage error listing the kinds. */
export function factoryFor(kind: string): ModelKind {
  return getKind(kind);
}

/**
 * The config a run creates its model with: the kind's share of the protocol's prescription, overridden by `raw` (a
 * `--config` file, `--set` pairs, flags or an API caller's object), checked and completed by the kind's schema (a bad
 * value is a `ConfigError` naming the key and its allowed range).
 */
export function resolveRunConfig(
  kind: ModelKind,
  setup: ProtocolSetup,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  return configUnderProtocol(kind, { protocol: setup.protocol, modelDefaults: setup.modelDefaults }, raw);
}
