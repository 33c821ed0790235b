import { UsageError } from '../util/errors.ts';

/** A bad model config value: names the kind, the key and what is allowed (a usage error: the CLI exits 2). */
export class ConfigError extends UsageError {
  override name = 'ConfigError';
  /** Model kind whose config is at fault. */
  readonly kind: string;
  /** Config key at fault. */
  readonly key: string;

  /** An error whose message reads `KIND: config 'KEY' …`. */
  constructor(kind: string, key: string, message: string) {
    super(`${kind}: config '${key}' ${message}`);
    this.kind = kind;
    this.key = key;
  }
}

/** What every key spec carries: a one-sentence description for `gnnrec models`. */
interface KeyBase {
  description: string;
}

/** A numeric key; `int` also requires an integer. Bounds are inclusive unless marked exclusive. */
export interface NumberKey extends KeyBase {
  type: 'int' | 'number';
  default: number;
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** A true/false key. */
export interface BooleanKey extends KeyBase {
  type: 'boolean';
  default: boolean;
}

/** One of a fixed set of strings. */
export interface EnumKey extends KeyBase {
  type: 'enum';
  values: readonly string[];
  default: string;
}

/** Free text (paths, comma-separated lists checked by the model). */
export interface StringKey extends KeyBase {
  type: 'string';
  default: string;
}

/** A list of integers ≥ `min` (also accepted as `"10,10"` from `--set`). */
export interface IntListKey extends KeyBase {
  type: 'int-list';
  default: readonly number[];
  min?: number;
}

/** A nested JSON object passed through to the model as is (e.g. feature encoder settings). */
export interface ObjectKey extends KeyBase {
  type: 'object';
  default: Readonly<Record<string, unknown>>;
}

/** The spec of one config key. */
export type KeySpec = NumberKey | BooleanKey | EnumKey | StringKey | IntListKey | ObjectKey;

/** A kind's config schema: one spec per key of its typed config `C`. */
export type ConfigSchema<C = Record<string, unknown>> = { readonly [K in keyof C]-?: KeySpec };

/** One row of a schema as `gnnrec models` shows it. */
export interface KeyDescription {
  key: string;
  type: string;
  default: unknown;
  /** Allowed values or range in words, e.g. `≥ 1`, `(0, 1]`, `gf-cf | bspm`; empty when anything of the type goes. */
  allowed: string;
  description: string;
}

/** The defaults of a schema as a config object (arrays and objects copied). */
export function schemaDefaults<C>(schema: ConfigSchema<C>): C {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(schema) as [string, KeySpec][]) out[k] = copy(spec.default);
  return out as C;
}

function copy(v: unknown): unknown {
  if (Array.isArray(v)) return [...(v as unknown[])];
  if (v !== null && typeof v === 'object') return { ...(v as Record<string, unknown>) };
  return v;
}

/** The allowed range or values of a key in words. */
export function allowedText(spec: KeySpec): string {
  switch (spec.type) {
    case 'enum':
      return spec.values.join(' | ');
    case 'int-list':
      return spec.min !== undefined ? `integers ≥ ${spec.min}` : 'integers';
    case 'int':
    case 'number': {
      const lo = spec.min,
        hi = spec.max;
      const kind = spec.type === 'int' ? 'integer ' : '';
      if (lo !== undefined && hi !== undefined)
        return `${kind}${spec.minExclusive ? '(' : '['}${lo}, ${hi}${spec.maxExclusive ? ')' : ']'}`;
      if (lo !== undefined) return `${kind}${spec.minExclusive ? '>' : '≥'} ${lo}`;
      if (hi !== undefined) return `${kind}${spec.maxExclusive ? '<' : '≤'} ${hi}`;
      return spec.type === 'int' ? 'integer' : 'finite number';
    }
    default:
      return '';
  }
}

/** Rows describing every key of a schema (for `gnnrec models` and `train --help`). */
export function describeSchema(schema: ConfigSchema): KeyDescription[] {
  return Object.entries(schema).map(([key, spec]) => ({
    key,
    type: spec.type,
    default: copy(spec.default),
    allowed: allowedText(spec),
    description: spec.description,
  }));
}

/** One value converted and checked against its spec (strings from `--set` are converted by the spec's type). */
function parseValue(kind: string, key: string, spec: KeySpec, v: unknown): unknown {
  const fail = (what: string): never => {
    throw new ConfigError(kind, key, `must be ${what}, got ${JSON.stringify(v) ?? String(v)}`);
  };
  switch (spec.type) {
    case 'int':
    case 'number': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      const range = allowedText(spec);
      const what =
        spec.type === 'int' && range === 'integer'
          ? 'an integer'
          : spec.type === 'int'
            ? `an ${range}`
            : range === 'finite number'
              ? 'a number'
              : /^[[(]/.test(range)
                ? `a number in ${range}`
                : `a number ${range}`;
      if (typeof n !== 'number' || !Number.isFinite(n)) return fail(what);
      if (spec.type === 'int' && !Number.isInteger(n)) return fail(what);
      if (spec.min !== undefined && (spec.minExclusive ? n <= spec.min : n < spec.min)) return fail(what);
      if (spec.max !== undefined && (spec.maxExclusive ? n >= spec.max : n > spec.max)) return fail(what);
      return n;
    }
    case 'boolean':
      if (v === true || v === 'true') return true;
      if (v === false || v === 'false') return false;
      return fail('true or false');
    case 'enum':
      if (typeof v !== 'string' || !spec.values.includes(v)) return fail(`one of ${spec.values.join(', ')}`);
      return v;
    case 'string':
      if (typeof v !== 'string') return fail('a string');
      return v;
    case 'int-list': {
      const list = typeof v === 'string' ? v.split(',').map((s) => (s.trim() === '' ? NaN : Number(s))) : v;
      const what = `a list of integers${spec.min !== undefined ? ` ≥ ${spec.min}` : ''}`;
      if (!Array.isArray(list)) return fail(what);
      for (const x of list as unknown[])
        if (typeof x !== 'number' || !Number.isInteger(x) || (spec.min !== undefined && x < spec.min))
          return fail(what);
      return [...(list as number[])];
    }
    case 'object':
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail('a JSON object');
      return { ...(v as Record<string, unknown>) };
  }
}

/**
 * The one config parser of every model kind: `raw` (a JSON config, `--set` pairs as strings, a manifest's config)
 * checked against `schema`, defaults filled in. Unknown keys and bad values throw a `ConfigError` naming the key and
 * the allowed range or values; `undefined` values count as absent.
 */
export function parseConfig<C>(
  kind: string,
  schema: ConfigSchema<C>,
  raw: Readonly<Record<string, unknown>>,
): C {
  const out = schemaDefaults(schema) as Record<string, unknown>;
  const specs = schema as Readonly<Record<string, KeySpec>>;
  for (const [key, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    const spec = specs[key];
    if (!spec) {
      const keys = Object.keys(specs);
      throw new ConfigError(
        kind,
        key,
        keys.length > 0
          ? `is not a key of ${kind} (keys: ${keys.join(', ')})`
          : `is not a key: ${kind} takes no config`,
      );
    }
    out[key] = parseValue(kind, key, spec, v);
  }
  return out as C;
}

/** An integer key with an inclusive lower bound (the common shape, written on one line). */
export function intKey(def: number, min: number, description: string): NumberKey {
  return { type: 'int', default: def, min, description };
}

/** A real-valued key with an inclusive lower bound (the common shape, written on one line). */
export function numberKey(def: number, min: number, description: string): NumberKey {
  return { type: 'number', default: def, min, description };
}
