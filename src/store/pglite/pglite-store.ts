import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Store } from '../store.ts';
import { SqlStore } from '../sql/sql-store.ts';
import { openPGlite } from './pglite-client.ts';

/** Where the embedded store lives when no path is given: `$XDG_DATA_HOME/gnnrec/store` or `~/.local/share/gnnrec/store`. */
export function defaultPGlitePath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share');
  return join(base, 'gnnrec', 'store');
}

/** The data directory a `pglite://` URL names (absolute), or undefined for `pglite://:memory:`. */
export function pglitePathOf(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const rest = url.slice('pglite://'.length);
  if (rest === ':memory:') return undefined;
  if (rest === '') return defaultPGlitePath(env);
  if (rest === '~' || rest.startsWith('~/')) return join(homedir(), rest.slice(1));
  return resolve(rest);
}

/**
 * Opens `pglite://PATH` (relative paths from the working directory; `pglite:///abs` for absolute; `~/` for home;
 * `pglite://` for the default path; `pglite://:memory:` for a throw-away in-memory store).
 */
export async function openPGliteStore(url: string): Promise<Store> {
  const dir = pglitePathOf(url);
  const store = new SqlStore(
    await openPGlite(dir),
    dir === undefined ? 'pglite://:memory:' : `pglite://${dir}`,
  );
  return store;
}
