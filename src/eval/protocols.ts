import type { Dataset } from '../data/types.ts';
import { UsageError } from '../util/errors.ts';
import type { Protocol } from './protocol-types.ts';

/**
 * Every evaluation protocol by name: the one place that maps a protocol to (split, metrics). Model kinds plug in
 * through their registry `task` (ranking or rating); a new protocol is one `registerProtocol` call.
 */
export const protocols = new Map<string, Protocol>();

/** Adds a protocol (names are unique). */
export function registerProtocol(p: Protocol): void {
  if (protocols.has(p.name)) throw new Error(`protocol '${p.name}' registered twice`);
  protocols.set(p.name, p);
}

/** The protocol named `name`, or a usage error listing the known ones. */
export function getProtocol(name: string): Protocol {
  const p = protocols.get(name);
  if (!p) throw new UsageError(`unknown protocol '${name}' (known: ${[...protocols.keys()].join(', ')})`);
  return p;
}

/** Default protocol for a model task and dataset: provided splits → `lightgcn`, ranking → `seed001`, rating → `rating`. */
export function defaultProtocol(task: 'ranking' | 'rating', dataset: Dataset): string {
  if (task === 'rating') return 'rating';
  return dataset.providedSplit ? 'lightgcn' : 'seed001';
}
