/** Base class of errors gnnrec reports to users as a one-line cause (CLI exit 1). */
export class GnnrecError extends Error {
  override name = 'GnnrecError';
}

/** A wrong command line or argument (CLI exit 2). */
export class UsageError extends GnnrecError {
  override name = 'UsageError';
}

/** Where in an input file a problem was found. */
export interface InputLocation {
  file: string;
  line?: number;
  field?: string;
}

/** Bad input data, naming the file, line and field at fault. */
export class InputError extends GnnrecError {
  override name = 'InputError';
  /** Location of the offending value. */
  readonly location: InputLocation;

  /** Creates an error whose message starts with `file:line: field 'x':`, kept on one line. */
  constructor(location: InputLocation, message: string) {
    // Messages quote input (values, headers, records a stray quote ran across): escape its line breaks.
    super(oneLine(`${formatLocation(location)}${message}`));
    this.location = location;
  }
}

/** Formats a location as `file:line: field 'name': ` for error messages. */
export function formatLocation(loc: InputLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  s += ': ';
  // Field names can come from a file's header: quote at most 80 characters of one.
  if (loc.field !== undefined)
    s += `field '${loc.field.length > 80 ? `${loc.field.slice(0, 80)}…` : loc.field}': `;
  return s;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Escapes control characters (`\n`, `\r`, `\t`, `\x00`…) so a message that quotes input stays one line. */
export function oneLine(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
    /[\u0000-\u001f\u007f]/g,
    (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
