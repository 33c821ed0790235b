import { GnnrecError } from '../util/errors.ts';
import type { Dataset } from './types.ts';

/** Largest timestamp magnitude a store takes (seconds): 2^53, exact in a double and inside `bigint`. */
const MAX_TS = 2 ** 53;

/**
 * Checks every number of a dataset before it is written anywhere: ratings finite, timestamps finite
 * and within ±2^53 seconds, numeric item metadata finite or null. Readers already reject such values
 * with file and line; this catches datasets built in code, naming the interaction or item at fault.
 */
export function assertFiniteDataset(ds: Dataset): void {
  const { user, item, rating, timestamp } = ds.interactions;
  const where = (k: number): string =>
    `dataset '${ds.name}': interaction ${k + 1} (user ${ds.users.raw(user[k]!)}, item ${ds.items.raw(item[k]!)})`;
  for (let k = 0; k < rating.length; k++)
    if (!Number.isFinite(rating[k]!))
      throw new GnnrecError(`${where(k)}: field 'rating': ${rating[k]} is not a finite number`);
  if (timestamp)
    for (let k = 0; k < timestamp.length; k++) {
      const t = timestamp[k]!;
      // NaN marks an unknown time (stored as NULL); anything else must fit the store's bigint exactly.
      if (!Number.isNaN(t) && !(Math.abs(t) <= MAX_TS))
        throw new GnnrecError(`${where(k)}: field 'timestamp': ${t} is outside ±2^53 seconds`);
    }
  ds.itemMeta.forEach((m, i) => {
    for (const [name, v] of Object.entries(m.numeric ?? {}))
      if (v !== null && !Number.isFinite(v))
        throw new GnnrecError(
          `dataset '${ds.name}': item ${ds.items.raw(i)}: field '${name}': ${v} is not a finite number`,
        );
    if (m.year !== undefined && !Number.isFinite(m.year))
      throw new GnnrecError(
        `dataset '${ds.name}': item ${ds.items.raw(i)}: field 'year': ${m.year} is not a finite number`,
      );
  });
}
