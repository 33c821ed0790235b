import { GnnrecError } from '../../util/errors.ts';
import type { Rng } from '../../util/rng.ts';

/**
 * Splits `total` interactions over `users` with a Pareto(`alpha`) activity tail (a few very active
 * users, many with a handful), each between `min` and `max`. Only the per-user counts are held (4 bytes a
 * user), so 10⁸ interactions over 2·10⁶ users plan in 8 MB.
 */
export function userDegrees(users: number, total: number, max: number, rng: Rng, alpha = 1.3): Int32Array {
  const min = total >= 2 * users ? 2 : 1;
  if (total < users)
    throw new GnnrecError(`--interactions ${total} is below --users ${users} (every user needs one)`);
  if (max < min || total > users * max)
    throw new GnnrecError(
      `--interactions ${total} does not fit: at most ${max} distinct items per user × ${users} users (raise --items)`,
    );
  const w = new Float64Array(users);
  let sum = 0;
  for (let u = 0; u < users; u++) {
    const x = Math.pow(1 - rng.uniform(), -1 / alpha);
    w[u] = x;
    sum += x;
  }
  const extra = total - users * min;
  const deg = new Int32Array(users);
  let placed = 0;
  for (let u = 0; u < users; u++) {
    const d = Math.min(max, min + Math.floor((extra * w[u]!) / sum));
    deg[u] = d;
    placed += d;
  }
  // Flooring and the cap leave a remainder; hand it out one at a time, round-robin from a random user.
  let left = total - placed;
  let u = rng.int(users);
  while (left > 0) {
    if (deg[u]! < max) {
      deg[u]!++;
      left--;
    }
    u = u + 1 === users ? 0 : u + 1;
  }
  return deg;
}
