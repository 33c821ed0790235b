import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic.ts';
import { InputError } from '../../util/errors.ts';

/** A named tensor to store: F32 or I32 data with its shape. */
export interface StoredTensor {
  shape: number[];
  data: Float32Array | Int32Array;
}

/** Encodes tensors in the safetensors layout (8-byte LE header size, JSON header, raw little-endian data). */
export function encodeSafetensors(
  tensors: Record<string, StoredTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(`tensor ${name}: shape ${t.shape} does not match length ${t.data.length}`);
    const bytes = t.data.byteLength;
    header[name] = {
      dtype: t.data instanceof Float32Array ? 'F32' : 'I32',
      shape: t.shape,
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Pad the header so the data section starts 8-byte aligned, as the reference implementation does.
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const hbytes = Buffer.from(json, 'utf8');
  const out = new Uint8Array(8 + hbytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(hbytes.length), true);
  out.set(hbytes, 8);
  let p = 8 + hbytes.length;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), p);
    p += d.byteLength;
  }
  return out;
}

/** The header entry of one tensor, checked. */
interface TensorEntry {
  name: string;
  dtype: 'F32' | 'I32';
  shape: number[];
  start: number;
  end: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a safetensors buffer; `file` names the source in errors. Every part of a damaged file is
 * checked before it is used — header size, UTF-8 and JSON of the header, each tensor's dtype, shape and
 * byte range (ordered, inside the data, not overlapping, the size its shape needs) — so damage is an
 * `InputError` naming the file and tensor, never a crash.
 */
export function decodeSafetensors(
  buf: Uint8Array,
  file = 'tensors.safetensors',
): Record<string, StoredTensor> {
  if (buf.length < 8)
    throw new InputError(
      { file },
      `truncated safetensors file (${buf.length} bytes; the header size alone takes 8)`,
    );
  const n64 = new DataView(buf.buffer, buf.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(buf.length - 8))
    throw new InputError(
      { file },
      `safetensors header runs past end of file (header ${n64} bytes, file ${buf.length}; truncated or not a safetensors file)`,
    );
  const n = Number(n64);
  let text: string;
  try {
    text = utf8.decode(buf.subarray(8, 8 + n));
  } catch {
    throw new InputError({ file, field: 'header' }, 'safetensors header is not UTF-8 text (damaged file?)');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    throw new InputError(
      { file, field: 'header' },
      `safetensors header is not JSON (${(err as Error).message.slice(0, 80)})`,
    );
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw new InputError(
      { file, field: 'header' },
      `safetensors header must be a JSON object, got ${header === null ? 'null' : Array.isArray(header) ? 'an array' : typeof header}`,
    );
  const base = 8 + n;
  const dataBytes = buf.length - base;
  const entries: TensorEntry[] = [];
  for (const [name, h] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    entries.push(checkEntry(file, name, h, dataBytes));
  }
  // Byte ranges must not overlap: two tensors sharing bytes mean a damaged (or hostile) header.
  const byStart = entries.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  let reach: TensorEntry | null = null; // the tensor reaching furthest so far
  for (const cur of byStart) {
    if (cur.end === cur.start) continue;
    if (reach && cur.start < reach.end)
      throw new InputError(
        { file, field: cur.name },
        `byte range [${cur.start}, ${cur.end}) overlaps tensor '${reach.name}' [${reach.start}, ${reach.end})`,
      );
    if (!reach || cur.end > reach.end) reach = cur;
  }
  const out: Record<string, StoredTensor> = {};
  for (const e of entries) {
    const bytes = buf.slice(base + e.start, base + e.end); // copy: aligns the data for typed-array views
    const count = (e.end - e.start) / 4;
    out[e.name] = {
      shape: e.shape,
      data:
        e.dtype === 'F32' ? new Float32Array(bytes.buffer, 0, count) : new Int32Array(bytes.buffer, 0, count),
    };
  }
  return out;
}

function checkEntry(file: string, name: string, h: unknown, dataBytes: number): TensorEntry {
  const loc = { file, field: name };
  if (h === null || typeof h !== 'object' || Array.isArray(h))
    throw new InputError(loc, 'tensor entry must be an object with dtype, shape and data_offsets');
  const { dtype, shape, data_offsets: offsets } = h as Record<string, unknown>;
  if (dtype !== 'F32' && dtype !== 'I32')
    throw new InputError(
      loc,
      `unsupported dtype ${String(JSON.stringify(dtype) ?? dtype).slice(0, 40)} (F32 and I32 are read)`,
    );
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
    throw new InputError(loc, 'shape must be a list of non-negative integers');
  let count = 1;
  for (const d of shape as number[]) count *= d;
  if (!Number.isSafeInteger(count))
    throw new InputError(loc, `shape ${JSON.stringify(shape).slice(0, 60)} is too large`);
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)
  )
    throw new InputError(loc, 'data_offsets must be two non-negative integers [start, end]');
  const [start, end] = offsets as [number, number];
  if (start > end) throw new InputError(loc, `data_offsets [${start}, ${end}] are reversed`);
  if (end > dataBytes)
    throw new InputError(
      loc,
      `tensor data [${start}, ${end}) runs past end of file (${dataBytes} data bytes; truncated?)`,
    );
  if (end - start !== count * 4)
    throw new InputError(
      loc,
      `data_offsets hold ${end - start} bytes but shape ${JSON.stringify(shape).slice(0, 60)} of ${dtype} needs ${count * 4}`,
    );
  return { name, dtype, shape: (shape as number[]).slice(), start, end };
}

/** Writes tensors to `path` atomically. */
export async function saveSafetensors(path: string, tensors: Record<string, StoredTensor>): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors));
}

/** Reads tensors from `path`; a missing file, a folder in its place or a damaged file is an `InputError` naming it. */
export async function loadSafetensors(path: string): Promise<Record<string, StoredTensor>> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'missing: the model folder is incomplete (train it again)'
        : code === 'EISDIR'
          ? "is a folder, expected the model's tensors file"
          : `cannot be read (${code ?? (err as Error).message})`;
    throw new InputError({ file: path }, why);
  }
  return decodeSafetensors(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), path);
}
