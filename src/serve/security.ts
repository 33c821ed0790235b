import type { FastifyInstance } from 'fastify';
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
 * cannot reach a loopback server through a name it controls). `'*'` accepts any host.
 */
export function requireAllowedHost(app: FastifyInstance, allowed: readonly string[] | '*'): void {
  if (allowed === '*') return;
  const names = new Set(allowed.map((h) => hostName(h)));
  app.addHook('onRequest', async (req) => {
    if (PROBE_PATHS.has(req.url.split('?')[0]!)) return;
    const host = hostName(req.headers.host ?? '');
    if (!names.has(host)) throw new HttpError(400, `Host '${host}' is not allowed (see --allowed-hosts)`);
  });
}

/**
 * Security headers on every response. The CSP is what the built UI needs: its own script and style sheet,
 * `fetch` to the same origin, and inline `style` attributes (progress bars set widths).
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
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
  });
}
