import { readFile } from 'node:fs/promises';
import { InputError } from '../util/errors.ts';
import type { RawTriple } from './kg.ts';

/**
 * Parses `head,relation,tail` lines (comma or tab separated; `#` comments, blank lines and a
 * `head,relation,tail` header skipped). Errors name the line at fault.
 */
export function parseTriples(text: string, file = '<triples>'): RawTriple[] {
  const out: RawTriple[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(line.includes('\t') ? '\t' : ',').map((s) => s.trim());
    if (n === 0 && parts[0].toLowerCase() === 'head') continue;
    if (parts.length !== 3 || parts.some((p) => p === '')) {
      throw new InputError({ file, line: n + 1 }, `expected 3 fields head,relation,tail, got '${line}'`);
    }
    out.push({ head: parts[0], relation: parts[1], tail: parts[2] });
  }
  return out;
}

/** Reads an extra knowledge-graph triples file (see `parseTriples`). */
export async function readTriplesFile(file: string): Promise<RawTriple[]> {
  return parseTriples(await readFile(file, 'utf8'), file);
}
