import { InputError } from '../../util/errors.ts';
import { CsvRecordParser } from './csv-parse.ts';
import type { ReadContext } from './context.ts';
import { forEachLine, type TextEncoding } from './lines.ts';

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

/**
 * Streams the records of a delimited file. Blank lines are ignored; an empty file, or a quoted field
 * left open at the end, is an `InputError`; lines with invalid UTF-8 are errors (lenient: skipped,
 * counted as `encoding`). Returns the header (or null) after calling `onHeader` before any row.
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
  let header: string[] | null = null;
  let rows = 0;
  let sawText = false;
  const summary = await forEachLine(
    file,
    fmt.encoding,
    (text, info) => {
      if (!csv?.pending && text.trim().length === 0) return;
      sawText = true;
      const fields = csv ? csv.push(text, info.line) : text.split(fmt.delimiter);
      if (fields === null) return;
      const line = csv ? csv.startLine : info.line;
      if (fmt.header && header === null) {
        header = fields.map((f) => f.trim());
        onHeader?.(header);
        return;
      }
      rows++;
      onRow({ fields, line, terminated: info.terminated });
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
    ctx.bytesOf(file),
  );
  if (csv?.pending) {
    ctx.reject(
      { file, line: csv.startLine, field: 'quoted field' },
      'truncated',
      'quoted field is never closed (truncated file?)',
    );
  }
  if (summary.bytes === 0 || !sawText) {
    throw new InputError(
      { file, line: 1, field: fmt.firstField ?? (fmt.header ? 'header' : 'column 1') },
      'file is empty',
    );
  }
  return { header, rows };
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
        `missing column '${s.name}' (header has: ${header.join(', ')})`,
      );
    return -1;
  });
}
