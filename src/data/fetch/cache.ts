import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user's gnnrec cache folder: `$XDG_CACHE_HOME/gnnrec`, else `~/.cache/gnnrec`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg && xdg.length > 0 ? join(xdg, 'gnnrec') : join(homedir(), '.cache', 'gnnrec');
}
