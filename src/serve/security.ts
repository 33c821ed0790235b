import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import { HttpError } from './http-errors.ts';

/** Host names every server answers to (loopback), whatever it is bound to. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** Paths answered whatever the Host header: load balancers and orchestrators probe by address. */
const PROBE_PATHS = new Set(['/api/health', '/api/ready']);

/** Whether a listen address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The hosts a server bound to `bindHost` answers to by default: loopback names plus the bound name itself. */
export function defaultAllowedHosts(bindHost: string): string[] {
  const out = new Set(LOOPBACK_HOSTS);
  const h = bindHost.toLowerCase();
  // A wildcard bind address names no host a client would send; the operator lists them with --allowed-hosts.
  if (h !== '0.0.0.0' && h !== '::' && h !== '[::]')
    out.add(h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  return [...out];
}

/** The host part of a Host header (port removed; IPv6 literals keep their brackets), lower case. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/**
 * Refuses requests whose Host header is not in `allowed` (DNS-rebinding protection: a page on another site
 * cannot reach a loopback server through a name it controls). `'*'` accepts any host. Returns the host names
 * answered (`'*'`: any).
 */
export function requireAllowedHost(
  app: FastifyInstance,
  allowed: readonly string[] | '*',
): ReadonlySet<string> | '*' {
  if (allowed === '*') return '*';
  const names = new Set(allowed.map((h) => hostName(h)));
  // A callback hook, not an async one: it runs on every request, and a promise per hook is measurable there.
  app.addHook('onRequest', (req, _reply, done) => {
    const host = hostName(req.headers.host ?? '');
    if (names.has(host) || PROBE_PATHS.has(req.url.split('?')[0]!)) return done();
    done(new HttpError(400, `Host '${host}' is not allowed (see --allowed-hosts)`));
  });
  return names;
}

/**
 * The helmet configuration: the CSP is what the built UI needs: its own script and style sheet, `fetch` to the same
 * origin, and inline `style` attributes (progress bars set widths).
 */
const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      styleSrcAttr: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // Plain HTTP on loopback is the default deployment; HSTS is the TLS-terminating proxy's call.
  strictTransportSecurity: false,
} as const;

/**
 * Sets `headers` (`helmetHeaders()`'s) on every response: those `@fastify/helmet` sends under `HELMET_OPTIONS`,
 * captured once at start-up and set by one synchronous hook. The plugin itself builds a helmet middleware (and re-parses the CSP)
 * on every request, which cost about as much CPU as a whole cached GET answer; the headers never vary here (no
 * per-route options, no nonces).
 */
export function securityHeaders(app: FastifyInstance, headers: Readonly<Record<string, string>>): void {
  const names = Object.keys(headers);
  const values = names.map((n) => headers[n]!);
  app.addHook('onRequest', (_req, reply, done) => {
    const res = reply.raw;
    for (let i = 0; i < names.length; i++) res.setHeader(names[i]!, values[i]!);
    done();
  });
}

/** The headers `@fastify/helmet` adds to a response: a probe route answered with and without it, compared. */
export async function helmetHeaders(): Promise<Record<string, string>> {
  const probe = async (withHelmet: boolean): Promise<Record<string, unknown>> => {
    const app = Fastify();
    if (withHelmet) await app.register(helmet, HELMET_OPTIONS);
    app.get('/', (_req, reply) => void reply.send('probe'));
    const res = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    return res.headers;
  };
  const plain = await probe(false);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(await probe(true)))
    if (value !== undefined && name !== 'date' && String(value) !== String(plain[name]))
      out[name] = String(value);
  return out;
}
