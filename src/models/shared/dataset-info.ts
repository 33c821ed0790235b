import { createHash } from 'node:crypto';
import type { Dataset, Interactions } from '../../data/types.ts';
import type { Manifest } from '../io/manifest.ts';

/** The dataset fields of a manifest: description, fingerprint and raw ids in dense order. */
export interface DatasetInfo {
  dataset: Manifest['dataset'];
  ids: Manifest['ids'];
}

/** SHA-256 (first 16 hex digits) over users, items and ratings: identifies the exact interactions a model saw. */
export function fingerprint(inter: Interactions): string {
  const h = createHash('sha256');
  for (const a of [inter.user, inter.item, inter.rating])
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex').slice(0, 16);
}

/** Manifest dataset info; without a dataset, ids are the dense indices as strings. */
export function datasetInfo(
  ds: Dataset | undefined,
  numUsers: number,
  numItems: number,
  trained = 0,
): DatasetInfo {
  if (!ds) {
    return {
      dataset: { name: 'unknown', fingerprint: '', users: numUsers, items: numItems, interactions: trained },
      ids: {
        users: Array.from({ length: numUsers }, (_, i) => String(i)),
        items: Array.from({ length: numItems }, (_, i) => String(i)),
      },
    };
  }
  return {
    dataset: {
      name: ds.name,
      fingerprint: fingerprint(ds.interactions),
      users: ds.users.size,
      items: ds.items.size,
      interactions: ds.interactions.user.length,
    },
    ids: { users: ds.users.toJSON(), items: ds.items.toJSON() },
  };
}
