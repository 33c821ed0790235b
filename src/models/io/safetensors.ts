import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic.ts';
import { InputError } from '../../util/errors.ts';

/** A named tensor to store: F32 or I32 data with its shape. */
export interface StoredTensor {
  shape: number[];
  data: Float32Array | Int32Array;
}

/** Encodes tensors in the safetensors layout (8-byte LE header size, JSON header, raw little-endian data). */
export function encodeSafetensors(tensors: Record<string, StoredTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor ${name}: shape ${t.shape} does not match length ${t.data.length}`);
    const bytes = t.data.byteLength;
    header[name] = { dtype: t.data instanceof Float32Array ? 'F32' : 'I32', shape: t.shape, data_offsets: [offset, offset + bytes] };
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

/** Decodes a safetensors buffer; `file` names the source in errors. */
export function decodeSafetensors(buf: Uint8Array, file = 'tensors.safetensors'): Record<string, StoredTensor> {
  if (buf.length < 8) throw new InputError({ file }, 'truncated safetensors file');
  const n = Number(new DataView(buf.buffer, buf.byteOffset, 8).getBigUint64(0, true));
  if (8 + n > buf.length) throw new InputError({ file }, 'safetensors header runs past end of file');
  const header = JSON.parse(Buffer.from(buf.subarray(8, 8 + n)).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const base = 8 + n;
  const out: Record<string, StoredTensor> = {};
  for (const [name, h] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [s, e] = h.data_offsets;
    if (base + e > buf.length) throw new InputError({ file, field: name }, 'tensor data runs past end of file');
    const bytes = buf.slice(base + s, base + e); // copy: aligns the data for typed-array views
    if (h.dtype === 'F32') out[name] = { shape: h.shape, data: new Float32Array(bytes.buffer, 0, (e - s) / 4) };
    else if (h.dtype === 'I32') out[name] = { shape: h.shape, data: new Int32Array(bytes.buffer, 0, (e - s) / 4) };
    else throw new InputError({ file, field: name }, `unsupported dtype ${h.dtype}`);
  }
  return out;
}

/** Writes tensors to `path` atomically. */
export async function saveSafetensors(path: string, tensors: Record<string, StoredTensor>): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors));
}

/** Reads tensors from `path`. */
export async function loadSafetensors(path: string): Promise<Record<string, StoredTensor>> {
  return decodeSafetensors(new Uint8Array(await readFile(path)), path);
}
