import { createReadStream } from 'node:fs';

/** Text encoding of an input file: strict UTF-8 (invalid bytes are reported) or latin-1 (ml-100k `u.item`, ml-1m `.dat`). */
export type TextEncoding = 'utf8' | 'latin1';

/** Where a line sits in its file. */
export interface LineInfo {
  /** 1-based line number. */
  line: number;
  /** False only for a last line that the file ends without a newline (possibly truncated). */
  terminated: boolean;
}

/** Called for a line whose bytes are not valid UTF-8, with the text decoded with U+FFFD replacements. */
export type BadEncodingHandler = (replaced: string, info: LineInfo) => void;

/** What `forEachLine` saw. */
export interface LineSummary {
  lines: number;
  bytes: number;
}

const fatal = new TextDecoder('utf-8', { fatal: true });
const replacing = new TextDecoder('utf-8');

/**
 * Streams a file line by line (LF or CRLF), calling `fn` synchronously for each line with its
 * number. UTF-8 is decoded strictly a block at a time; when a block has invalid bytes it is
 * re-decoded line by line so `onBadEncoding` can name the line. A UTF-8 BOM is dropped.
 */
export async function forEachLine(
  file: string,
  encoding: TextEncoding,
  fn: (text: string, info: LineInfo) => void,
  onBadEncoding: BadEncodingHandler,
  onBytes?: (bytesRead: number) => void,
): Promise<LineSummary> {
  let carry: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  let bytes = 0;
  let first = true;

  const emit = (text: string, terminated: boolean): void => {
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    lineNo++;
    const n = text.length;
    fn(n > 0 && text.charCodeAt(n - 1) === 13 ? text.slice(0, n - 1) : text, { line: lineNo, terminated });
  };

  const block = (buf: Buffer, terminated: boolean): void => {
    let text: string | null;
    if (encoding === 'latin1') text = buf.toString('latin1');
    else {
      try {
        text = fatal.decode(buf);
      } catch {
        text = null;
      }
    }
    if (text !== null) {
      const parts = text.split('\n');
      for (let k = 0; k < parts.length; k++) emit(parts[k]!, terminated || k < parts.length - 1);
      return;
    }
    // Slow path: find the offending line(s) for the error message.
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl < 0 ? buf.length : nl;
      const piece = buf.subarray(start, end);
      const isTerminated = nl >= 0 || terminated;
      let decoded: string | null;
      try {
        decoded = fatal.decode(piece);
      } catch {
        decoded = null;
      }
      if (decoded !== null) emit(decoded, isTerminated);
      else {
        lineNo++;
        first = false;
        onBadEncoding(replacing.decode(piece).replace(/\r$/, ''), { line: lineNo, terminated: isTerminated });
      }
      if (nl < 0) break;
      start = nl + 1;
    }
  };

  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    onBytes?.(bytes);
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0) {
      carry = buf;
      continue;
    }
    block(buf.subarray(0, lastNl), true);
    carry = Buffer.from(buf.subarray(lastNl + 1));
  }
  if (carry.length > 0) block(carry, false);
  return { lines: lineNo, bytes };
}
