/** Ids escaped for COPY text and packed into one buffer, addressed by dense index (no object per id at 10⁸ scale). */
export interface PackedIds {
  bytes: Buffer;
  /** Byte offsets: id `i` is `bytes[start[i]..start[i + 1])`. */
  start: Int32Array;
  /** Length in bytes of the longest id. */
  longest: number;
}

/** Packs escaped ids (UTF-8) for `putId`. */
export function packIds(escaped: readonly string[]): PackedIds {
  const start = new Int32Array(escaped.length + 1);
  let longest = 0;
  for (let i = 0; i < escaped.length; i++) {
    const n = Buffer.byteLength(escaped[i]!, 'utf8');
    start[i + 1] = start[i]! + n;
    longest = Math.max(longest, n);
  }
  const bytes = Buffer.allocUnsafe(start[escaped.length]!);
  for (let i = 0; i < escaped.length; i++) bytes.write(escaped[i]!, start[i]!, 'utf8');
  return { bytes, start, longest };
}

/** Writes id `i` at `at`; returns the offset after it. */
export function putId(buf: Buffer, at: number, ids: PackedIds, i: number): number {
  const { bytes, start } = ids;
  // Ids are short: a byte loop beats Buffer.copy's per-call cost.
  for (let b = start[i]!, e = start[i + 1]!; b < e; b++) buf[at++] = bytes[b]!;
  return at;
}

/** The most bytes `putNumber` writes (a double's longest `String()` form, sign and exponent included). */
export const NUMBER_BYTES = 25;

/**
 * Writes `String(v)` (ASCII) at `at` and returns the offset after it: safe integers digit by digit, anything else
 * through `String` — the same text a template literal gives, without building a string per row.
 */
export function putNumber(buf: Buffer, at: number, v: number): number {
  if (!Number.isSafeInteger(v) || Object.is(v, -0)) return at + buf.write(String(v), at, 'latin1');
  if (v < 0) {
    buf[at++] = 45;
    v = -v;
  }
  let end = at + 1;
  for (let x = 10; x <= v; x *= 10) end++;
  let p = end;
  do {
    const q = Math.floor(v / 10);
    buf[--p] = 48 + (v - q * 10);
    v = q;
  } while (v > 0);
  return end;
}
