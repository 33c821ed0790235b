import type { Csr } from '../src/tensor/csr.ts';
import { Rng } from '../src/util/rng.ts';

/**
 * The users with validation items, or a seeded sample of `maxUsers` of them in index order (the grid benches score
 * every configuration on the same users, so one sample serves the whole grid).
 */
export function validationUsers(val: Csr, maxUsers: number, seed: number): number[] {
  const users: number[] = [];
  for (let u = 0; u < val.rows; u++) if (val.indptr[u + 1]! > val.indptr[u]!) users.push(u);
  if (users.length <= maxUsers) return users;
  return new Rng(seed)
    .fork(66)
    .shuffle(users)
    .slice(0, maxUsers)
    .sort((a, b) => a - b);
}
