import { constants, existsSync, statSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InputError } from '../../util/errors.ts';

/** What a non-regular path is, in words (`a folder`, `a named pipe (FIFO)`, …), or null for a regular file. */
export function nonRegularKind(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The one-line reason a path that is not a regular file cannot be read as data. */
export function notAFileMessage(kind: string): string {
  return `is ${kind}, expected a regular file (gnnrec reads data from files whose size it can check)`;
}

/**
 * Path of `name` inside `dir` when that file exists, else undefined. Something else under that
 * name (a folder, a pipe, a device) is an `InputError`: silently ignoring it would read the data
 * without the file the user meant to give.
 */
export function optionalFile(dir: string, name: string): string | undefined {
  const p = join(dir, name);
  if (!existsSync(p)) return undefined;
  const kind = nonRegularKind(statSync(p));
  if (kind !== null) throw new InputError({ file: p }, notAFileMessage(kind));
  return p;
}

/**
 * Opens a data file for reading, checking it is a regular file first. The open does not block on a
 * FIFO (O_NONBLOCK), so a pipe is refused instead of waiting for a writer; every failure names the file.
 */
export async function openDataFile(file: string): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new InputError({ file }, openFailure(err as NodeJS.ErrnoException));
  }
  try {
    const st = await fh.stat();
    const kind = nonRegularKind(st);
    if (kind !== null) throw new InputError({ file }, notAFileMessage(kind));
    return { fh, size: st.size };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Words for why opening a file failed (the errno code kept for searching). */
export function openFailure(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return `permission denied: cannot read it (${err.code})`;
    case 'EISDIR':
      return notAFileMessage('a folder');
    case 'ELOOP':
      return 'too many levels of symbolic links (ELOOP)';
    default:
      return `cannot open it (${err.code ?? err.message})`;
  }
}

/** Dataset name from a folder or file path (`…/ml-latest-small` → `ml-latest-small`, `x/ratings.csv` → `ratings`). */
export function datasetName(path: string): string {
  return basename(path.replace(/[\\/]+$/, '')).replace(/\.(csv|tsv|txt|dat)$/i, '');
}
