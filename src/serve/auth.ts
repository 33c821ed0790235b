import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-errors.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who may write: holders of a bearer token, anyone (an explicit opt-out), or nobody (no token configured). */
export type WritePolicy = { token: string } | 'anonymous' | 'closed';

/** The write policy of a server's options: a token wins; otherwise writes are closed unless opened explicitly. */
export function writePolicy(
  token: string | undefined,
  allowAnonymousWrites: boolean | undefined,
): WritePolicy {
  if (token) return { token };
  return allowAnonymousWrites ? 'anonymous' : 'closed';
}

/** Enforces a write policy on every POST/PUT/PATCH/DELETE. */
export function enforceWritePolicy(app: FastifyInstance, policy: WritePolicy): void {
  if (policy === 'anonymous') return;
  if (policy === 'closed') {
    app.addHook('onRequest', (req, _reply, done) => {
      if (!WRITE_METHODS.has(req.method)) return done();
      done(
        new HttpError(
          401,
          'writes are disabled on this server: start it with GNNREC_TOKEN or --token-file (or --allow-anonymous-writes)',
        ),
      );
    });
    return;
  }
  const expected = Buffer.from(policy.token);
  // Callback hooks, not async ones: they run on every request (reads too), where a promise each is measurable.
  app.addHook('onRequest', (req, _reply, done) => {
    if (!WRITE_METHODS.has(req.method)) return done();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const given = Buffer.from(m?.[1] ?? '');
    // Constant-time comparison so the token cannot be guessed byte by byte from timings.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return done(
        new HttpError(401, 'this server needs an API token for writes: send Authorization: Bearer <token>'),
      );
    }
    done();
  });
}
