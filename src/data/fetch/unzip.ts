import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { GnnrecError } from '../../util/errors.ts';

/** One file inside a zip archive. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/**
 * Reads every entry of a zip archive held in memory (stored or deflated; no zip64, no encryption),
 * checking each entry's CRC-32. Folder entries are skipped. Enough for the GroupLens archives.
 */
export function readZip(zip: Buffer, label = 'archive'): ZipEntry[] {
  const bad = (msg: string): GnnrecError => new GnnrecError(`${label}: not a valid zip file (${msg})`);
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let eocd = -1;
  for (let p = zip.length - 22; p >= Math.max(0, zip.length - 22 - 65535); p--) {
    if (zip.readUInt32LE(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw bad('no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) throw bad('broken central directory');
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (zip.readUInt32LE(local) !== 0x04034b50) throw bad(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + csize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw bad(`${name} uses unsupported compression method ${method}`);
    if (crc32(data) >>> 0 !== crc) throw bad(`CRC mismatch in ${name}`);
    out.push({ name, data });
  }
  return out;
}

/** Writes zip entries under `dir`, refusing names that would escape it (absolute or `..`). */
export function extractZip(zip: Buffer, dir: string, label?: string): string[] {
  const names: string[] = [];
  for (const e of readZip(zip, label)) {
    const rel = normalize(e.name);
    if (rel.startsWith('..') || rel.startsWith(sep) || /^[a-zA-Z]:/.test(rel))
      throw new GnnrecError(`${label ?? 'archive'}: unsafe path '${e.name}' in zip`);
    const dest = join(dir, rel);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, e.data);
    names.push(rel);
  }
  return names;
}
