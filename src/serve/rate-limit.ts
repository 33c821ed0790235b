import { isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { HttpError } from './http-errors.ts';
import { LruCache } from './lru-cache.ts';

/** A route's own limit (`config: { rateLimit: { max } }`), or `false` to exempt it (health probes). */
export type RouteRateLimit = false | { max: number };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's requests per window and client, or false: not limited. */
    rateLimit?: RouteRateLimit;
  }
}

/** Requests per client and window: `max` for every route without its own limit. */
export interface RateLimitOptions {
  max: number;
  /** Window length in milliseconds (default one minute). */
  windowMs?: number;
  /** Clients tracked at once per limit (default 10 000); the least recently seen are forgotten first. */
  clients?: number;
}

/** One client's count in its current window. */
interface Window {
  count: number;
  start: number;
}

/**
 * Fixed-window request counters per client address (an IPv6 client by its /64 network, as one host usually holds
 * a whole /64). Synchronous on purpose: it runs on every request, where an async limiter's promises cost as much as
 * the rest of a cached answer.
 */
export class RequestCounter {
  private readonly windows: LruCache<string, Window>;

  /** Counters allowing `max` requests per `windowMs` for each of at most `clients` clients. */
  constructor(
    readonly max: number,
    readonly windowMs: number,
    clients: number,
  ) {
    this.windows = new LruCache(clients);
  }

  /** Counts a request of `client` at time `now`; returns 0 when allowed, else the milliseconds until its window resets. */
  hit(client: string, now: number): number {
    let w = this.windows.get(client);
    if (w === undefined || w.start + this.windowMs <= now)
      this.windows.set(client, (w = { count: 0, start: now }));
    return ++w.count <= this.max ? 0 : w.start + this.windowMs - now;
  }
}

/** The key a client is counted under: its address, an IPv6 address by its /64 network. */
export function clientKey(ip: string): string {
  // An IPv4 address has no colon: no need for `isIPv6`'s regular expression on every request.
  if (!ip.includes(':') || !isIPv6(ip)) return ip;
  const lower = ip.toLowerCase();
  // An IPv4 client seen on a dual-stack socket is that IPv4 address.
  if (lower.startsWith('::ffff:') && lower.includes('.')) return lower.slice(7);
  const [head = '', tail = ''] = lower.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = lower.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [
    ...left,
    ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'),
    ...right,
  ];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Limits requests per client: every route gets `opts.max` per window unless its `config.rateLimit` sets its own
 * `max` (counted apart, per route) or `false`. An exceeded limit answers 429 with `retry-after` and the
 * `x-ratelimit-*` headers. Must be called before the routes are added (it attaches to each as it is added).
 * Returns the global counter (the HTTP fast path counts its requests there too).
 */
export function limitRequests(app: FastifyInstance, opts: RateLimitOptions): RequestCounter {
  const windowMs = opts.windowMs ?? 60_000;
  const clients = opts.clients ?? 10_000;
  const global = new RequestCounter(opts.max, windowMs, clients);
  app.addHook('onRoute', (route: RouteOptions) => {
    const own = route.config?.rateLimit;
    if (own === false) return;
    const counter = own ? new RequestCounter(own.max, windowMs, clients) : global;
    const hook = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
      const wait = counter.hit(clientKey(req.ip), Date.now());
      if (wait === 0) return done();
      const seconds = Math.ceil(wait / 1000);
      reply.header('x-ratelimit-limit', counter.max);
      reply.header('x-ratelimit-remaining', 0);
      reply.header('x-ratelimit-reset', seconds);
      reply.header('retry-after', seconds);
      done(new HttpError(429, `Rate limit exceeded, retry in ${seconds} s`));
    };
    const existing = route.onRequest;
    route.onRequest =
      existing === undefined ? [hook] : [...(Array.isArray(existing) ? existing : [existing]), hook];
  });
  return global;
}
