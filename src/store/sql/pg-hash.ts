/**
 * PostgreSQL's `hash_bytes_extended` (src/common/hashfn.c, Bob Jenkins' lookup3 with a 64-bit seed; little-endian
 * byte order, as on x86-64 and arm64 servers) of `bytes[0..len)`, as the high and low 32 bits `[b, c]`.
 */
export function hashBytesExtended(
  bytes: Uint8Array,
  len: number,
  seedHi: number,
  seedLo: number,
): [number, number] {
  let a = (0x9e3779b9 + len + 3923095) | 0;
  let b = a;
  let c = a;
  const rot = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
  const mix = (): void => {
    a = (a - c) | 0;
    a ^= rot(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 4);
    b = (b + a) | 0;
  };
  if (seedHi !== 0 || seedLo !== 0) {
    a = (a + seedHi) | 0;
    b = (b + seedLo) | 0;
    mix();
  }
  const word = (o: number): number =>
    bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
  let k = 0;
  let rest = len;
  while (rest >= 12) {
    a = (a + word(k)) | 0;
    b = (b + word(k + 4)) | 0;
    c = (c + word(k + 8)) | 0;
    mix();
    k += 12;
    rest -= 12;
  }
  // The last 11 bytes; the lowest byte of c is reserved for the length (so c takes bytes 8–10 shifted by 8).
  if (rest >= 11) c = (c + (bytes[k + 10]! << 24)) | 0;
  if (rest >= 10) c = (c + (bytes[k + 9]! << 16)) | 0;
  if (rest >= 9) c = (c + (bytes[k + 8]! << 8)) | 0;
  if (rest >= 8) b = (b + (bytes[k + 7]! << 24)) | 0;
  if (rest >= 7) b = (b + (bytes[k + 6]! << 16)) | 0;
  if (rest >= 6) b = (b + (bytes[k + 5]! << 8)) | 0;
  if (rest >= 5) b = (b + bytes[k + 4]!) | 0;
  if (rest >= 4) a = (a + (bytes[k + 3]! << 24)) | 0;
  if (rest >= 3) a = (a + (bytes[k + 2]! << 16)) | 0;
  if (rest >= 2) a = (a + (bytes[k + 1]! << 8)) | 0;
  if (rest >= 1) a = (a + bytes[k]!) | 0;
  // final(a, b, c)
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  return [b >>> 0, c >>> 0];
}

// HASH_PARTITION_SEED and hash_combine64's constant (partbounds.c, hashfn.h).
const SEED_HI = 0x7a5b2236;
const SEED_LO = 0x7996dcfd;
const COMBINE_HI = 0x49a0f4dd;
const COMBINE_LO = 0x15e5a8e3;
const TWO32 = 2 ** 32;

/**
 * The remainder modulo `modulus` (≤ 2²⁰) of the row hash PostgreSQL's hash partitioning computes for one text key
 * with a deterministic collation: `hash_combine64(0, hashtextextended(key, HASH_PARTITION_SEED))`.
 */
export function textPartitionRemainder(utf8: Uint8Array, len: number, modulus: number): number {
  const [hi, lo] = hashBytesExtended(utf8, len, SEED_HI, SEED_LO);
  const low = lo + COMBINE_LO;
  const high = (hi + COMBINE_HI + (low >= TWO32 ? 1 : 0)) % TWO32;
  return ((high % modulus) * (TWO32 % modulus) + ((low % TWO32) % modulus)) % modulus;
}
