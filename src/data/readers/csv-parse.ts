/**
 * Incremental RFC-4180 record parser: feed it lines; it returns the fields of a record once the
 * record is complete, or null while a quoted field spans lines (its newline is kept in the field).
 * Quotes are only special at the start of a field; `""` inside quotes is a literal quote.
 */
export class CsvRecordParser {
  private fields: string[] = [];
  private cur = '';
  private inQuotes = false;
  /** Line on which the record being assembled started. */
  startLine = 0;

  /** Creates a parser for a one-character delimiter. */
  constructor(private readonly delimiter: string = ',') {
    if (delimiter.length !== 1)
      throw new RangeError(`CSV delimiter must be one character, got '${delimiter}'`);
  }

  /** True while a quoted field is open (the record continues on the next line). */
  get pending(): boolean {
    return this.inQuotes;
  }

  /** Drops a half-read record (lenient reading resynchronises after an unclosed quote). */
  reset(): void {
    this.fields = [];
    this.cur = '';
    this.inQuotes = false;
  }

  /** Feeds one line (without its newline); returns the record's fields when it is complete. */
  push(line: string, lineNo: number): string[] | null {
    const d = this.delimiter;
    if (!this.inQuotes) {
      this.startLine = lineNo;
      // Fast path: most lines have no quotes at all.
      if (line.indexOf('"') < 0) return line.split(d);
      this.fields = [];
      this.cur = '';
    } else {
      this.cur += '\n';
    }
    let i = 0;
    const n = line.length;
    while (i < n) {
      const c = line[i]!;
      if (this.inQuotes) {
        if (c === '"') {
          if (line[i + 1] === '"') {
            this.cur += '"';
            i += 2;
            continue;
          }
          this.inQuotes = false;
          i++;
          continue;
        }
        this.cur += c;
        i++;
      } else if (c === d) {
        this.fields.push(this.cur);
        this.cur = '';
        i++;
      } else if (c === '"' && this.cur.length === 0) {
        this.inQuotes = true;
        i++;
      } else {
        this.cur += c;
        i++;
      }
    }
    if (this.inQuotes) return null;
    this.fields.push(this.cur);
    const out = this.fields;
    this.fields = [];
    this.cur = '';
    return out;
  }
}

/** Splits one complete CSV line (convenience for tests and small inputs). */
export function parseCsvLine(line: string, delimiter = ','): string[] {
  const p = new CsvRecordParser(delimiter);
  const r = p.push(line, 1);
  if (r === null) throw new RangeError('unterminated quoted field');
  return r;
}
