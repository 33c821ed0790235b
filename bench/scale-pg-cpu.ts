// CPU seconds of a PostgreSQL server on this machine (postmaster and all its children), read from /proc: the client's
// CPU time is a small part of an import, so the scale benchmark adds the server's to each store stage.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const TICK = 100; // USER_HZ on Linux

/**
 * utime + stime (seconds), the same of its exited children (cutime + cstime) and the parent pid of process `pid`, or
 * null when it is gone.
 */
function stat(pid: number): { ppid: number; cpu: number; reaped: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the command name, which is parenthesised and may hold spaces.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      cpu: (Number(f[11]) + Number(f[12])) / TICK,
      reaped: (Number(f[13]) + Number(f[14])) / TICK,
    };
  } catch {
    return null;
  }
}

/** The postmaster pid of the server at `url` (the parent of a fresh backend), or null when it is not local. */
export async function postmasterPid(url: string): Promise<number | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return stat(r.rows[0]!.pid)?.ppid ?? null;
  } finally {
    await c.end();
  }
}

/**
 * CPU seconds used so far by the postmaster `root`, its live children and the children it has reaped — parallel
 * index-build workers and closed connections' backends exit, and their time would otherwise drop out of a difference.
 */
export function serverCpuSeconds(root: number): number {
  const r = stat(root);
  let total = (r?.cpu ?? 0) + (r?.reaped ?? 0);
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === root) continue;
    const s = stat(pid);
    if (s !== null && s.ppid === root) total += s.cpu;
  }
  return total;
}
