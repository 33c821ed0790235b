import { closeSync, openSync, writeSync } from 'node:fs';

// "00" … "99": two digits per lookup.
const PAIRS = Buffer.from(
  Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''),
  'latin1',
);

/**
 * A buffered writer of ASCII bytes to one file, with integer formatting done in place: at millions of
 * rows a second, building a JS string per row (and encoding it) costs more than the digits themselves.
 */
export class ByteWriter {
  /** Bytes written so far (flushed or buffered). */
  bytes = 0;
  private readonly fd: number;
  private readonly buf: Buffer;
  private pos = 0;

  /** Opens (truncates) `file`; `capacity` is the buffer size in bytes. */
  constructor(
    readonly file: string,
    capacity = 1 << 22,
  ) {
    this.fd = openSync(file, 'w');
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Makes room for `n` more bytes (flushing when the buffer is full). */
  private room(n: number): void {
    if (this.pos + n > this.buf.length) this.flush();
  }

  /** Writes one byte (an ASCII code). */
  byte(c: number): void {
    if (this.pos === this.buf.length) this.flush();
    this.buf[this.pos++] = c;
  }

  /** Writes a non-negative integer (< 2^53) in decimal, two digits per division. */
  uint(n: number): void {
    this.room(16);
    const b = this.buf;
    let len = 1;
    for (let p = 10; p <= n; p *= 10) len++;
    let at = this.pos + len;
    this.pos = at;
    while (n >= 100) {
      const q = n < 2147483648 ? (n / 100) | 0 : Math.floor(n / 100);
      const r = (n - q * 100) << 1;
      b[--at] = PAIRS[r + 1]!;
      b[--at] = PAIRS[r]!;
      n = q;
    }
    if (n >= 10) {
      b[at - 1] = PAIRS[2 * n + 1]!;
      b[at - 2] = PAIRS[2 * n]!;
    } else b[at - 1] = 48 + n;
  }

  /** Writes pre-encoded bytes. */
  raw(bytes: Uint8Array): void {
    if (bytes.length > this.buf.length) {
      this.flush();
      this.bytes += writeSync(this.fd, bytes);
      return;
    }
    this.room(bytes.length);
    // A byte loop beats `set` for the few-byte pieces of a CSV row.
    if (bytes.length <= 16) for (let k = 0; k < bytes.length; k++) this.buf[this.pos++] = bytes[k]!;
    else {
      this.buf.set(bytes, this.pos);
      this.pos += bytes.length;
    }
  }

  /** Writes a string as UTF-8. */
  text(s: string): void {
    this.raw(Buffer.from(s, 'utf8'));
  }

  /** Sends the buffered bytes to the file. */
  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.bytes += this.pos;
    this.pos = 0;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
