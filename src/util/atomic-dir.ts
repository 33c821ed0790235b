import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Sibling names a folder swap uses: `.NAME.staging-PID-N` while writing, `.NAME.old-PID-N` while swapping. */
function siblings(dir: string): { parent: string; name: string } {
  const abs = resolve(dir);
  return { parent: dirname(abs), name: basename(abs) };
}

let counter = 0;

/**
 * Puts back a folder whose swap was interrupted between its two renames (the old copy renamed aside, the
 * new one not yet in place), and removes staging folders of writers that are gone. Safe to call any time.
 */
export async function recoverFolderSwap(dir: string): Promise<void> {
  const { parent, name } = siblings(dir);
  if (!existsSync(parent)) return;
  const target = join(parent, name);
  const own = `.${name}.`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(own)) continue;
    const m = /^\.(.+)\.(staging|old)-(\d+)-\d+$/.exec(entry);
    if (!m || m[1] !== name || pidAlive(Number(m[3]))) continue;
    const p = join(parent, entry);
    if (m[2] === 'old' && !existsSync(target)) await rename(p, target);
    else await rm(p, { recursive: true, force: true });
  }
}

/**
 * Replaces folder `dir` as a whole: `write` fills a fresh staging folder beside it, which then takes
 * `dir`'s place. A crash or kill while writing leaves `dir` as it was (the staging folder is removed
 * by the next call); a failed write (no space, file too large) removes the staging folder and rethrows.
 * Node has no atomic exchange of two folders, so the swap is two renames: the old folder aside, the new
 * one in; a kill between them is undone by `recoverFolderSwap`, which every call runs first.
 */
export async function replaceFolder(dir: string, write: (staging: string) => Promise<void>): Promise<void> {
  await recoverFolderSwap(dir);
  const { parent, name } = siblings(dir);
  await mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${counter++}`;
  const staging = join(parent, `.${name}.staging-${tag}`);
  await mkdir(staging);
  try {
    await write(staging);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  const target = join(parent, name);
  if (!existsSync(target)) {
    await rename(staging, target);
    return;
  }
  const old = join(parent, `.${name}.old-${tag}`);
  await rename(target, old);
  await rename(staging, target);
  await rm(old, { recursive: true, force: true });
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
