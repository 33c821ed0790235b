import { GnnrecError } from '../util/errors.ts';

/** A store problem reported to users as one line: bad URL, unreachable server, unknown id. */
export class StoreError extends GnnrecError {
  override name = 'StoreError';
}

/** Removes the password from a connection URL so it can appear in messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
