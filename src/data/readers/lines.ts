import { InputError } from '../../util/errors.ts';
import { openDataFile } from './files.ts';

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

/**
 * Default longest line (and longest CSV record) in bytes: 1 MiB, 240 times the longest line of the
 * largest benchmark file we read (Gowalla `train.txt`, 4 309 bytes); `--max-line-bytes` raises it.
 */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

/** Options of `forEachLine`. */
export interface LineOptions {
  /** Longest line accepted, in bytes (default `DEFAULT_MAX_LINE_BYTES`). */
  maxLineBytes?: number;
  /** Hears the running count of bytes read. */
  onBytes?: (bytesRead: number) => void;
}

const CHUNK = 1 << 20;
const fatal = new TextDecoder('utf-8', { fatal: true });
const replacing = new TextDecoder('utf-8');

/** The error for a line longer than the limit (also used for CSV records). */
export function tooLongError(file: string, line: number, limit: number, what = 'line'): InputError {
  return new InputError(
    { file, line },
    `${what} is longer than ${limit} bytes (the limit; raise it with --max-line-bytes N if the data is right)`,
  );
}

/**
 * Streams a regular file line by line (LF or CRLF), calling `fn` synchronously for each line with its
 * number. UTF-8 is decoded strictly a block at a time; when a block has invalid bytes it is
 * re-decoded line by line so `onBadEncoding` can name the line. A UTF-8 BOM is dropped. A line
 * longer than `maxLineBytes` is an `InputError` found while reading (the pieces of an unfinished line
 * are kept in a list and joined once, so time stays linear), and so is a file whose size changes
 * while it is read.
 */
export async function forEachLine(
  file: string,
  encoding: TextEncoding,
  fn: (text: string, info: LineInfo) => void,
  onBadEncoding: BadEncodingHandler,
  opts: LineOptions = {},
): Promise<LineSummary> {
  const limit = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let lineNo = 0;
  let first = true;

  const emit = (text: string, terminated: boolean): void => {
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    lineNo++;
    const n = text.length;
    // Characters bound bytes from below; count bytes exactly only when it could matter.
    if (n > limit || (n * 3 > limit && Buffer.byteLength(text, encoding) > limit))
      throw tooLongError(file, lineNo, limit);
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
        if (piece.length > limit) throw tooLongError(file, lineNo, limit);
        onBadEncoding(replacing.decode(piece).replace(/\r$/, ''), { line: lineNo, terminated: isTerminated });
      }
      if (nl < 0) break;
      start = nl + 1;
    }
  };

  const bytes = await readLineBlocks(file, limit, opts.onBytes, () => lineNo + 1, block);
  return { lines: lineNo, bytes };
}

/**
 * Streams a file as blocks of whole lines (each block ends before a newline, or at the end of the file with
 * `terminated` false), keeping the pieces of an unfinished line so time stays linear; throws for a line longer than
 * `limit` (numbered by `nextLine`) and for a file whose size changes while it is read. Returns the bytes read.
 */
async function readLineBlocks(
  file: string,
  limit: number,
  onBytes: ((bytesRead: number) => void) | undefined,
  nextLine: () => number,
  block: (buf: Buffer, terminated: boolean) => void,
): Promise<number> {
  let pieces: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  const { fh, size } = await openDataFile(file);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      let got: number;
      try {
        got = (await fh.read(buf, 0, CHUNK, null)).bytesRead;
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new InputError({ file, line: nextLine() }, `read failed (${e.code ?? e.message})`);
      }
      if (got === 0) break;
      bytes += got;
      // Growing past the size seen at open: being written to (or endless); stop now rather than never.
      if (bytes > size) throw changedError(file, size, bytes);
      onBytes?.(bytes);
      const chunk = buf.subarray(0, got);
      const lastNl = chunk.lastIndexOf(10);
      if (lastNl < 0) {
        pieces.push(Buffer.from(chunk));
        pendingBytes += got;
        if (pendingBytes > limit) throw tooLongError(file, nextLine(), limit);
        continue;
      }
      const head = chunk.subarray(0, lastNl);
      block(pieces.length > 0 ? Buffer.concat([...pieces, head]) : head, true);
      pieces = lastNl + 1 < got ? [Buffer.from(chunk.subarray(lastNl + 1))] : [];
      pendingBytes = got - lastNl - 1;
    }
    if (bytes !== size) throw changedError(file, size, bytes);
    if (pendingBytes > 0) block(Buffer.concat(pieces), false);
  } finally {
    await fh.close();
  }
  return bytes;
}

/**
 * Streams a file line by line as raw bytes: `fn(buf, start, end, info)` sees the line's bytes without its LF or
 * CRLF (a leading UTF-8 BOM dropped). Same limits and errors as `forEachLine`, without decoding, so a reader can
 * parse plain ASCII digits straight from the buffer and decode only the lines it cannot.
 */
export async function forEachLineBytes(
  file: string,
  fn: (buf: Buffer, start: number, end: number, info: LineInfo) => void,
  opts: LineOptions = {},
): Promise<LineSummary> {
  const limit = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let lineNo = 0;
  const block = (buf: Buffer, terminated: boolean): void => {
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const stop = nl < 0 ? buf.length : nl;
      lineNo++;
      if (stop - start > limit) throw tooLongError(file, lineNo, limit);
      let s = start;
      if (lineNo === 1 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
      const end = stop > s && buf[stop - 1] === 13 ? stop - 1 : stop;
      fn(buf, s, end, { line: lineNo, terminated: nl >= 0 || terminated });
      if (nl < 0) break;
      start = nl + 1;
    }
  };
  const bytes = await readLineBlocks(file, limit, opts.onBytes, () => lineNo + 1, block);
  return { lines: lineNo, bytes };
}

function changedError(file: string, size: number, read: number): InputError {
  return new InputError(
    { file },
    `file changed size while being read (${size} bytes when opened, ${read} read); read it again once nothing writes to it`,
  );
}
