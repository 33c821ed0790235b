import type { Dataset } from '../data/types.ts';
import { UsageError } from '../util/errors.ts';
import type { Protocol } from './protocol-types.ts';

/**
 * Every evaluation protocol by name: the one place that maps a protocol to (split, metrics). Model kinds plug in
 * through their registry `task` (ranking or rating); a new protocol is one `registerProtocol` call.
 */
export const protocols = new Map<string, Protocol>();

/** Protocols whose parameters are part of their name (e.g. `positives-4-random`), made when a name asks for one. */
export interface ProtocolFamily {
  /** The family's name pattern for listings and errors, e.g. `positives-T-random|reference`. */
  pattern: string;
  /** The protocol `name` denotes, or undefined when `name` is not of this family. */
  make(name: string): Protocol | undefined;
}

const families: ProtocolFamily[] = [];

/** Adds a protocol family (its names must not collide with registered protocols'). */
export function registerProtocolFamily(f: ProtocolFamily): void {
  families.push(f);
}

/** Adds a protocol (names are unique). */
export function registerProtocol(p: Protocol): void {
  if (protocols.has(p.name)) throw new Error(`protocol '${p.name}' registered twice`);
  protocols.set(p.name, p);
}

/** The protocol named `name` (registered, or of a registered family), or a usage error listing the known ones. */
export function getProtocol(name: string): Protocol {
  let p = protocols.get(name);
  for (const f of families) p ??= f.make(name);
  if (!p)
    throw new UsageError(
      `unknown protocol '${name}' (known: ${[...protocols.keys(), ...families.map((f) => f.pattern)].join(', ')})`,
    );
  return p;
}

/** Default protocol for a model task and dataset: provided splits → `lightgcn`, ranking → `seed001`, rating → `rating`. */
export function defaultProtocol(task: 'ranking' | 'rating', dataset: Dataset): string {
  if (task === 'rating') return 'rating';
  return dataset.providedSplit ? 'lightgcn' : 'seed001';
}
