import { InputError } from '../../util/errors.ts';
import { CsvRecordParser } from './csv-parse.ts';
import type { ReadContext } from './context.ts';
import { clip } from './fields.ts';
import { forEachLine, type LineInfo, type TextEncoding } from './lines.ts';

/** How a delimited text file is laid out. */
export interface TableFormat {
  /** Field delimiter: one character (RFC-4180 quoting applies when `quoted`) or a string such as `::`. */
  delimiter: string;
  /** Whether fields may be double-quoted (CSV); otherwise lines are split on the delimiter. */
  quoted: boolean;
  /** Whether the first line names the columns. */
  header: boolean;
  encoding: TextEncoding;
  /** Field named when the file is empty (default `header`, or `column 1` without a header). */
  firstField?: string;
}

/** One record of a table: its fields, first line, and whether the file ended without a newline on it. */
export interface TableRow {
  fields: string[];
  line: number;
  terminated: boolean;
}

/** A line waiting in a lenient read: part of an open quoted record, or queued for replay. */
interface QueuedLine {
  text: string;
  info: LineInfo;
}

/**
 * Streams the records of a delimited file. Blank lines are ignored; an empty file is an
 * `InputError`; lines with invalid UTF-8 are errors (lenient: skipped, counted as `encoding`).
 * A quoted field left open — at the end of the file, past the record length limit, or (lenient) in
 * a multi-line record whose field count differs from the header's — is an error naming the line it
 * opened on; lenient reading drops that record only (`bad-quote`; `truncated` when the file simply
 * ends inside it) and reads the lines it had swallowed again. Returns the header (or null) after
 * calling `onHeader` before any row.
 */
export async function readTable(
  file: string,
  fmt: TableFormat,
  ctx: ReadContext,
  onRow: (row: TableRow) => void,
  onHeader?: (header: string[]) => void,
): Promise<{ header: string[] | null; rows: number }> {
  ctx.files.push(file);
  const csv = fmt.quoted ? new CsvRecordParser(fmt.delimiter) : null;
  const limit = ctx.maxLineBytes;
  let header: string[] | null = null;
  let rows = 0;
  let sawText = false;
  // Lines of the record being assembled (a quoted field spans them), kept for a lenient replay.
  let open: QueuedLine[] = [];
  let openChars = 0;
  // Lines to read again, last first (a stack, so a long replay costs no shifting).
  const replayStack: QueuedLine[] = [];

  // Drops the open record: strict mode throws, lenient counts it and queues its later lines again.
  const broken = (reason: 'bad-quote' | 'truncated', message: string, current?: QueuedLine): void => {
    const startLine = csv!.startLine;
    const replay = open.slice(1);
    if (current) replay.push(current);
    csv!.reset();
    open = [];
    openChars = 0;
    ctx.reject({ file, line: startLine, field: 'quoted field' }, reason, message);
    for (let k = replay.length - 1; k >= 0; k--) replayStack.push(replay[k]!);
  };

  const step = (text: string, info: LineInfo): void => {
    if (!csv?.pending && text.trim().length === 0) return;
    sawText = true;
    let fields: string[] | null;
    if (csv) {
      const wasOpen = csv.pending;
      fields = csv.push(text, info.line);
      if (fields === null) {
        open.push({ text, info });
        openChars += text.length + 1;
        if (openChars > limit)
          broken(
            'bad-quote',
            `quoted field runs past ${limit} bytes (an unclosed quote?; the limit is --max-line-bytes)`,
          );
        return;
      }
      if (wasOpen) {
        const spanned = open;
        open = [];
        openChars = 0;
        // A record that swallowed lines and came out the wrong width, or that its reader rejects, was
        // most likely opened by a stray quote: drop it alone and read the lines it swallowed again.
        if (ctx.lenient && header !== null) {
          const width = (header as string[]).length;
          const before = { ...ctx.skipped };
          if (fields.length === width) {
            rows++;
            onRow({ fields, line: csv.startLine, terminated: info.terminated });
            if (sameCounts(before, ctx.skipped)) return;
            rows--;
            for (const k of Object.keys(ctx.skipped)) ctx.skipped[k] = before[k] ?? 0;
            for (const k of Object.keys(ctx.skipped)) if (ctx.skipped[k] === 0) delete ctx.skipped[k];
          }
          open = spanned;
          broken(
            'bad-quote',
            `quoted field spans ${spanned.length + 1} lines and leaves a bad record (a stray quote?)`,
            { text, info },
          );
          return;
        }
      }
    } else fields = text.split(fmt.delimiter);
    const line = csv ? csv.startLine : info.line;
    if (fmt.header && header === null) {
      header = fields.map((f) => f.trim());
      onHeader?.(header);
      return;
    }
    rows++;
    onRow({ fields, line, terminated: info.terminated });
  };

  const drain = (): void => {
    for (let q = replayStack.pop(); q !== undefined; q = replayStack.pop()) step(q.text, q.info);
  };

  const summary = await forEachLine(
    file,
    fmt.encoding,
    (text, info) => {
      step(text, info);
      drain();
    },
    (replaced, info) => {
      sawText = true;
      const field = fieldOfReplacement(replaced, fmt, header);
      // A header cannot be skipped: without it every later column would be misread.
      if (fmt.header && header === null) {
        throw new InputError(
          { file, line: info.line, field: field ?? 'header' },
          'invalid UTF-8 bytes in the header',
        );
      }
      ctx.reject(
        { file, line: info.line, field },
        'encoding',
        'invalid UTF-8 bytes (is the file in another encoding, such as latin-1?)',
      );
    },
    { maxLineBytes: limit, onBytes: ctx.bytesOf(file) },
  );
  // The file ended inside a quoted field: a cut-off last record, or a stray quote that swallowed the rest.
  while (csv?.pending) {
    if (open.length <= 1) broken('truncated', 'quoted field is never closed (truncated file?)');
    else
      broken(
        'bad-quote',
        `quoted field is never closed; it swallowed ${open.length - 1} later lines (a stray quote?)`,
      );
    drain();
  }
  if (summary.bytes === 0 || !sawText) {
    throw new InputError(
      { file, line: 1, field: fmt.firstField ?? (fmt.header ? 'header' : 'column 1') },
      'file is empty',
    );
  }
  return { header, rows };
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}

/** Names the column holding the first U+FFFD of a badly encoded line (or its position when there is no header). */
function fieldOfReplacement(replaced: string, fmt: TableFormat, header: string[] | null): string | undefined {
  const fields = fmt.quoted
    ? (new CsvRecordParser(fmt.delimiter).push(replaced, 0) ?? [replaced])
    : replaced.split(fmt.delimiter);
  const k = fields.findIndex((f) => f.includes('\uFFFD'));
  if (k < 0) return undefined;
  return header?.[k] ?? `column ${k + 1}`;
}

/** A column to find: its canonical name (used in messages) and the header spellings that match it. */
export interface ColumnSpec {
  name: string;
  aliases?: string[];
  required: boolean;
}

/**
 * Finds each column in a header (case-insensitive); a missing required column is an `InputError`
 * on line 1 naming it. Returns the column indices (−1 for optional columns not present).
 */
export function resolveColumns(file: string, header: string[], specs: ColumnSpec[]): number[] {
  const lower = header.map((h) => h.toLowerCase());
  return specs.map((s) => {
    for (const n of [s.name, ...(s.aliases ?? [])]) {
      const k = lower.indexOf(n.toLowerCase());
      if (k >= 0) return k;
    }
    if (s.required)
      throw new InputError(
        { file, line: 1, field: s.name },
        `missing column '${s.name}' (header has: ${clip(header.join(', '), 80)})`,
      );
    return -1;
  });
}
