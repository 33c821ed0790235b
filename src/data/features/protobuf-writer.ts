/**
 * A minimal protocol-buffers wire-format writer: just enough (varints, length-delimited fields,
 * nested messages, packed int64) to hand-encode ONNX models for tests, without a protobuf dependency.
 */

/** Wire type of a varint field (int32, int64, enum). */
const VARINT = 0;
/** Wire type of a length-delimited field (string, bytes, embedded message, packed repeated). */
const LEN = 2;

const utf8 = new TextEncoder();

/** Appends protobuf fields to a growing byte list; `finish()` returns the encoded message. */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  /** Writes a varint (non-negative, or a negative int64 as its 10-byte two's complement). */
  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    do {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      out.push(v === 0n ? byte : byte | 0x80);
    } while (v !== 0n);
    this.push(Uint8Array.from(out));
  }

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.byteLength;
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  /** Writes an int32/int64/enum field. */
  int(field: number, value: number | bigint): this {
    this.tag(field, VARINT);
    this.varint(value);
    return this;
  }

  /** Writes a bytes field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LEN);
    this.varint(value.byteLength);
    this.push(value);
    return this;
  }

  /** Writes a UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** Writes an embedded message field. */
  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  /** Writes a packed repeated int64 field. */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.byteLength;
    }
    return out;
  }
}
