import type { Dataset } from '../data/types.ts';
import type { IdMap } from '../data/idmap.ts';
import { interactionCsr } from '../graph/bipartite.ts';
import type { Csr } from '../tensor/csr.ts';
import { csrRow } from '../tensor/csr.ts';

/**
 * Every (user, item) pair rated in `ds`, any rating value, as a CSR in the dense spaces of `users` × `items` (matched
 * by raw id, so a dataset that gained users or items since training still maps; pairs the model lacks are dropped).
 */
export function ratedCsr(ds: Dataset, users: IdMap, items: IdMap): Csr {
  const n = ds.interactions.user.length;
  const userMap = Int32Array.from({ length: ds.users.size }, (_, u) => users.get(ds.users.raw(u)) ?? -1);
  const itemMap = Int32Array.from({ length: ds.items.size }, (_, i) => items.get(ds.items.raw(i)) ?? -1);
  const us: number[] = [];
  const is: number[] = [];
  for (let e = 0; e < n; e++) {
    const u = userMap[ds.interactions.user[e]];
    const i = itemMap[ds.interactions.item[e]];
    if (u >= 0 && i >= 0) {
      us.push(u);
      is.push(i);
    }
  }
  return interactionCsr(users.size, items.size, Int32Array.from(us), Int32Array.from(is));
}

/** The items of one user's row of a rated-items CSR (empty for users outside it). */
export function ratedItems(rated: Csr | null, user: number): Int32Array {
  if (!rated || user < 0 || user >= rated.indptr.length - 1) return new Int32Array(0);
  return csrRow(rated, user);
}
