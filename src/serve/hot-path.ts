import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { ServeContext } from './context.ts';
import { clientKey, type RequestCounter } from './rate-limit.ts';
import { kSchema } from './schemas/common.ts';
import { hostName } from './security.ts';

/** What the fast path checks and sends, each from the same source as the router's hooks. */
export interface HotPathOptions {
  ctx: ServeContext;
  /** Host names answered (`requireAllowedHost`'s list), or `'*'`. */
  allowedHosts: ReadonlySet<string> | '*';
  /** The global request limit (`limitRequests`'s counter), if requests are limited. */
  limit?: RequestCounter;
  /** Security headers sent on every response (`securityHeaders`'s). */
  headers: Readonly<Record<string, string>>;
  /** The request log (as `logRequests` writes it) with the server's request ids, if logging is on. */
  log?: { logger: FastifyBaseLogger; ids: () => string };
}

const PREFIX = '/api/users/';
const SUFFIX = '/recommendations';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Answers `GET /api/users/:id/recommendations[?k=N]` from the engine's cached body before the router runs, with
 * the checks and headers the router's hooks would apply (allowed Host, request limit, security headers, request id
 * and log line); returns false, touching nothing, for every other request and whenever anything differs from the
 * plain cached case (another query parameter, an encoded id, no cached body, a refused Host, an exceeded limit,
 * shutting down): the router then answers as always. Why: the router's request objects, hooks, validation and reply
 * machinery cost more CPU than everything else a cached answer needs; at 100 connections on two cores that CPU is
 * the latency.
 */
export function hotRecommendations(
  o: HotPathOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  // Name, value, name, value…: `writeHead` takes a flat list as it is, where `setHeader` would copy each pair.
  const fixed = [...Object.entries(o.headers).flat(), 'content-type', JSON_TYPE];
  return (req, res) => {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined || !url.startsWith(PREFIX) || !o.ctx.ready) return false;
    const slash = url.indexOf('/', PREFIX.length);
    if (slash <= PREFIX.length || !url.startsWith(SUFFIX, slash)) return false;
    const k = kOf(url, slash + SUFFIX.length);
    const user = url.slice(PREFIX.length, slash);
    // An encoded id is decoded by the router; such ids take its path, and so do ids beyond the router's longest
    // parameter (fastify's `maxParamLength`, 100), which it answers with a 404.
    if (k === 0 || user.length > 100 || user.includes('%')) return false;
    if (o.allowedHosts !== '*' && !o.allowedHosts.has(hostName(req.headers.host ?? ''))) return false;
    const body = o.ctx.engine.cachedBody(user, k);
    if (body === undefined) return false;
    // Counted here; past the limit the router counts it again and answers 429.
    if (o.limit && o.limit.hit(clientKey(req.socket.remoteAddress ?? ''), Date.now()) !== 0) return false;
    const start = o.log ? performance.now() : 0;
    const headers = fixed.slice();
    headers.push('content-length', String(body.length));
    let id: string | undefined;
    if (o.log) {
      const given = req.headers['x-request-id'];
      id = typeof given === 'string' && given !== '' ? given : o.log.ids();
      headers.push('x-request-id', id);
    }
    res.writeHead(200, headers);
    res.end(body);
    if (o.log) {
      const ms = Math.round((performance.now() - start) * 100) / 100;
      o.log.logger.info({ reqId: id, method: 'GET', url, status: 200, ms }, 'request');
    }
    return true;
  };
}

/**
 * Puts `answer` in front of the server's request listeners (fastify's handler): a request it answers (true) goes
 * no further, any other goes on to them as before. fastify keeps creating and configuring the server itself.
 */
export function answerFirst(
  server: Server,
  answer: (req: IncomingMessage, res: ServerResponse) => boolean,
): void {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!answer(req, res)) for (const h of handlers) h.call(server, req, res);
  });
}

/** `k` of a query that is exactly empty or `?k=N` (within `kSchema`, plain digits) from `at`; 0 for anything else. */
function kOf(url: string, at: number): number {
  if (at === url.length) return kSchema.default;
  if (!url.startsWith('?k=', at)) return 0;
  let k = 0;
  const end = url.length;
  if (end - at - 3 < 1 || end - at - 3 > 3) return 0;
  for (let i = at + 3; i < end; i++) {
    const d = url.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return 0;
    k = k * 10 + d;
  }
  return k >= kSchema.minimum && k <= kSchema.maximum ? k : 0;
}
