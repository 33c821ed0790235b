import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../errors.ts';

// PGlite is a single-user PostgreSQL: two instances on one data directory corrupt it, and PGlite
// itself does not check. A pid file guards the directory; a lock left by a killed process is taken over.
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of a PGlite data directory, or throws naming the process that holds it. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'gnnrec.lock');
  if (held.has(dir)) throw new StoreError(`PGlite store ${dir} is already open in this process; share the Store instead`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      held.add(dir);
      return () => {
        held.delete(dir);
        try {
          unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreError(`PGlite store ${dir} is in use by process ${pid} (an embedded store has one user at a time; use postgres:// to share)`);
      }
      unlinkSync(file); // stale: its process is gone
    }
  }
  throw new StoreError(`cannot lock PGlite store ${dir}`);
}
