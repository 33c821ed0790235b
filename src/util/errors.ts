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

  /** Creates an error whose message starts with `file:line: field 'x':`. */
  constructor(location: InputLocation, message: string) {
    super(`${formatLocation(location)}${message}`);
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
