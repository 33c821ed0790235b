import type { StoredTensor } from './safetensors.ts';
import { InputError } from '../../util/errors.ts';

/** What one stored tensor must be: its dtype, its shape (`null` = any size) and, for indices, their bound. */
export interface TensorRule {
  dtype: 'F32' | 'I32';
  shape: ReadonlyArray<number | null>;
  /** Absent tensors are allowed (folders written before the tensor existed). */
  optional?: boolean;
  /** I32 values must lie in [0, below) (they index rows of another space). */
  below?: number;
}

/** A compressed sparse row structure stored as two tensors: row pointers and column indices. */
export interface CsrRule {
  indptr: string;
  indices: string;
  rows: number;
  cols: number;
  /** A tensor with one value per stored entry (weights, ratings, relations). */
  values?: readonly string[];
  optional?: boolean;
}

/** What a kind's tensors file must hold, given its manifest (sizes from ids and config) and its header's shapes. */
export interface FolderSpec {
  tensors: Readonly<Record<string, TensorRule>>;
  csr?: readonly CsrRule[];
  /** Sub-folders that are model folders of their own (checked the same way), e.g. a blended filter. */
  nested?: readonly string[];
}

/** The shapes of a tensors file's tensors by name (what a kind's spec may size other tensors by). */
export type ShapeMap = Readonly<Record<string, readonly number[]>>;

/** The shapes of decoded tensors. */
export function shapesOf(tensors: Readonly<Record<string, StoredTensor>>): ShapeMap {
  return Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, t.shape]));
}

function dtypeOf(t: StoredTensor): 'F32' | 'I32' {
  return t.data instanceof Float32Array ? 'F32' : 'I32';
}

/**
 * Checks decoded tensors against a kind's spec: presence, dtype, shape, index bounds and CSR structure. The first
 * mismatch is an `InputError` naming `file` and the tensor, with what was expected and what the file holds.
 */
export function checkTensors(
  file: string,
  tensors: Readonly<Record<string, StoredTensor>>,
  spec: FolderSpec,
): void {
  for (const [name, rule] of Object.entries(spec.tensors)) {
    const t = tensors[name];
    const loc = { file, field: name };
    if (!t) {
      if (rule.optional) continue;
      throw new InputError(loc, 'tensor missing');
    }
    const dtype = dtypeOf(t);
    if (dtype !== rule.dtype) throw new InputError(loc, `dtype ${dtype}, expected ${rule.dtype}`);
    const want = rule.shape;
    const ok = t.shape.length === want.length && want.every((d, k) => d === null || d === t.shape[k]);
    if (!ok)
      throw new InputError(
        loc,
        `shape [${t.shape.join(', ')}], expected [${want.map((d) => (d === null ? '*' : d)).join(', ')}] (from the manifest's ids and config)`,
      );
    if (rule.below !== undefined) checkBelow(file, name, t.data, rule.below);
  }
  for (const c of spec.csr ?? []) checkCsr(file, tensors, c);
}

function checkBelow(file: string, name: string, data: Float32Array | Int32Array, below: number): void {
  for (let p = 0; p < data.length; p++) {
    const v = data[p];
    if (!(v >= 0 && v < below))
      throw new InputError({ file, field: name }, `entry ${p} is ${v}, outside [0, ${below})`);
  }
}

function checkCsr(file: string, tensors: Readonly<Record<string, StoredTensor>>, c: CsrRule): void {
  const ptr = tensors[c.indptr];
  const idx = tensors[c.indices];
  if (!ptr || !idx) {
    if (c.optional && !ptr && !idx) return;
    throw new InputError({ file, field: ptr ? c.indices : c.indptr }, 'tensor missing');
  }
  const loc = { file, field: c.indptr };
  if (!(ptr.data instanceof Int32Array) || !(idx.data instanceof Int32Array))
    throw new InputError(
      { file, field: ptr.data instanceof Int32Array ? c.indices : c.indptr },
      'dtype F32, expected I32',
    );
  const p = ptr.data;
  if (p.length !== c.rows + 1)
    throw new InputError(loc, `${p.length} row offsets, expected ${c.rows + 1} (${c.rows} rows)`);
  if (p[0] !== 0) throw new InputError(loc, `first row offset is ${p[0]}, expected 0`);
  for (let r = 0; r < c.rows; r++)
    if (p[r + 1] < p[r])
      throw new InputError(loc, `row offsets decrease at row ${r} (${p[r]} then ${p[r + 1]})`);
  if (p[c.rows] !== idx.data.length)
    throw new InputError(
      loc,
      `last row offset is ${p[c.rows]}, but '${c.indices}' holds ${idx.data.length} entries`,
    );
  checkBelow(file, c.indices, idx.data, c.cols);
  for (const v of c.values ?? []) {
    const t = tensors[v];
    if (!t) throw new InputError({ file, field: v }, 'tensor missing');
    if (t.data.length !== idx.data.length)
      throw new InputError(
        { file, field: v },
        `${t.data.length} entries, but '${c.indices}' holds ${idx.data.length}`,
      );
  }
}
