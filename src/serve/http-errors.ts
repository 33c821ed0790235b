/** An error with an HTTP status; fastify's error handler turns it into `{statusCode, error, message}`. */
export class HttpError extends Error {
  /** HTTP status code sent to the client. */
  readonly statusCode: number;
  /** Creates an error answered with `statusCode`. */
  constructor(statusCode: number, message: string) {
    super(message);
    this.statusCode = statusCode;
  }
}

/** 404 for an unknown user, item or model. */
export function notFound(message: string): HttpError {
  return new HttpError(404, message);
}

/** 400 for a request that is well-formed JSON but makes no sense (unknown item in ratings, …). */
export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}
