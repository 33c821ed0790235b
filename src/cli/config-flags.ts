import { readFileSync } from 'node:fs';
import { UsageError } from '../util/errors.ts';

/** Collects repeated `--set key=value` flags in order. */
export function collectSet(value: string, acc: string[] = []): string[] {
  return [...acc, value];
}

/**
 * A `--set` value: the text itself, which the kind's schema converts by the key's type (numbers, booleans, lists
 * as `10,10`); JSON objects and arrays (`{…}`, `[…]`) are parsed here, as nothing else could read them.
 */
function parseValue(text: string): unknown {
  if (!/^[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`--set: invalid JSON value ${text}: ${(err as Error).message}`);
  }
}

/** Reads a `--config FILE.json` object (one-line errors naming the file). */
export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--config ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: invalid JSON: ${(err as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new UsageError(`${file}: a model config must be a JSON object of keys and values`);
  return v as Record<string, unknown>;
}

/** Parses `key=value` pairs into an object (later pairs win). */
export function parseSetPairs(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects key=value, got '${p}'`);
    out[p.slice(0, eq).trim()] = parseValue(p.slice(eq + 1).trim());
  }
  return out;
}

/** The raw model config of a command line: the `--config` file, then the shorthand flags, then `--set` pairs. */
export function rawConfig(
  file: string | undefined,
  shorthands: Record<string, unknown>,
  set: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = file ? readConfigFile(file) : {};
  for (const [k, v] of Object.entries(shorthands)) if (v !== undefined) out[k] = v;
  return { ...out, ...parseSetPairs(set) };
}
