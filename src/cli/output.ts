/** Prints exactly one JSON object on stdout (the `--json` contract). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** Parses a positive integer option, throwing a usage error naming the flag. */
export function parsePositiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new InvalidOption(`${flag} must be a positive integer, got '${value}'`);
    return n;
  };
}

/** Parses a comma-separated list of positive integers (e.g. `--k 10,20`). */
export function parseIntList(flag: string) {
  return (value: string): number[] => value.split(',').map((v) => parsePositiveInt(flag)(v.trim()));
}

import { InvalidArgumentError } from 'commander';
/** Commander's invalid-argument error (exit 2). */
export const InvalidOption = InvalidArgumentError;
