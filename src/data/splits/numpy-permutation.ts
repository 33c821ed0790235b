/**
 * `numpy.random.RandomState(seed).permutation(n)` bit for bit: the legacy MT19937 generator seeded with
 * `init_genrand(seed)` and numpy's Fisher–Yates shuffle drawing bounded integers by masked rejection.
 * Why: the seed001 reference (`lightgcn_torch.py`, and the notebook) fixes its split with
 * `np.random.RandomState(1).permutation(n)`, so reproducing it lets our numbers be compared on the very same split.
 */
export function numpyPermutation(n: number, seed: number): Int32Array {
  const mt = new Mt19937(seed);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = mt.interval(i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}

/** The 32-bit Mersenne Twister (Matsumoto & Nishimura 1998) as numpy's legacy `RandomState` runs it. */
class Mt19937 {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 · prev + i mod 2^32, split into 16-bit halves so the product stays exact in doubles.
      mt[i] = ((((prev >>> 16) * 1812433253) << 16) + (prev & 0xffff) * 1812433253 + i) >>> 0;
    }
  }

  /** Next uniform 32-bit unsigned integer. */
  next(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform integer in [0, max] by masked rejection (numpy's `random_interval`, max < 2^32). */
  interval(max: number): number {
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const v = (this.next() & mask) >>> 0;
      if (v <= max) return v;
    }
  }
}
