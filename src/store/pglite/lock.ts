import { readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../errors.ts';

// PGlite is a single-user PostgreSQL: two instances on one data directory corrupt it, and PGlite
// itself does not check. A pid file guards the directory; a lock left by a killed process is taken over.
//
// Taking over must be atomic, or two openers that both saw the same stale lock could both win. Each
// stale lock file (known by inode and mtime) can be taken over once: the taker first creates a
// takeover marker for that file exclusively ('wx'), checks the lock is still that file, and then
// renames its own pid file over it — the lock name never disappears, so no third opener slips in.
const held = new Set<string>();

/** Lock file name inside a PGlite data directory. */
export const LOCK_FILE = 'gnnrec.lock';
const TAKEOVER = `${LOCK_FILE}.takeover-`;
/** A takeover marker older than this whose process is gone is abandoned (its taker was killed mid-takeover). */
const ABANDONED_MS = 10_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function inUse(dir: string, pid: number): StoreError {
  return new StoreError(
    `PGlite store ${dir} is in use by process ${pid} (an embedded store has one user at a time; use postgres:// to share)`,
  );
}

/** Takes the lock of a PGlite data directory, or throws naming the process that holds it. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  if (held.has(dir))
    throw new StoreError(`PGlite store ${dir} is already open in this process; share the Store instead`);
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return acquired(dir, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let st;
    try {
      st = statSync(file);
    } catch {
      continue; // released between our create and stat: try again
    }
    const pid = readPid(file);
    if (pid === null) continue;
    if (pid > 0 && pid !== process.pid && alive(pid)) throw inUse(dir, pid);
    // Stale (its process is gone, or the file is unreadable junk): take this very file over, once.
    const marker = join(dir, `${TAKEOVER}${st.ino}-${Math.round(st.mtimeMs)}`);
    try {
      writeFileSync(marker, mine, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      clearAbandoned(marker);
      sleep(5 + 10 * Math.random()); // another opener is taking it over: see who won
      continue;
    }
    try {
      const now = statSync(file);
      if (now.ino !== st.ino || now.mtimeMs !== st.mtimeMs) continue; // someone else already replaced it
      const tmp = join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
      writeFileSync(tmp, mine);
      renameSync(tmp, file);
      return acquired(dir, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    } finally {
      try {
        unlinkSync(marker);
      } catch {
        // already gone
      }
    }
  }
  const pid = readPid(file);
  if (pid !== null && pid > 0 && alive(pid)) throw inUse(dir, pid);
  throw new StoreError(`cannot lock PGlite store ${dir} (its lock file ${file} keeps changing)`);
}

/** Removes a takeover marker whose taker died long enough ago. */
function clearAbandoned(marker: string): void {
  try {
    const st = statSync(marker);
    const pid = readPid(marker);
    if (pid !== null && (pid === 0 || !alive(pid)) && Date.now() - st.mtimeMs > ABANDONED_MS)
      unlinkSync(marker);
  } catch {
    // gone already
  }
}

function acquired(dir: string, file: string): () => void {
  held.add(dir);
  // Markers and temp files of takers killed long ago.
  try {
    for (const e of readdirSync(dir)) if (e.startsWith(TAKEOVER)) clearAbandoned(join(dir, e));
  } catch {
    // listing is housekeeping only
  }
  return () => {
    held.delete(dir);
    try {
      // Only our own lock: a file another process holds is not ours to remove.
      if (readPid(file) === process.pid) unlinkSync(file);
    } catch {
      // already gone: nothing to release
    }
  };
}
