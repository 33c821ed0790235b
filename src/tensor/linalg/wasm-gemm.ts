/**
 * A hand-assembled WebAssembly SIMD kernel for C += A·B in f32 (A row-major, B packed in 8-column panels).
 *
 * Why hand-assembled: the compute core's WASM backend had not landed when the graph filter needed a
 * fast dense product (the ideal low-pass term is a users×k by k×items product: 3·10¹¹ MACs on Gowalla),
 * and scalar JS reaches ~1.2 GMAC/s. The module is emitted as bytes here (no build step); switch to the
 * backend's gemm once it exists. Register block: 4 rows × 8 columns (8 v128 accumulators; 6 rows measured no faster).
 */

const ROWS = Number(process.env.GNNREC_GEMM_ROWS ?? 4);
/** Columns per packed panel of B (two f32x4 vectors). */
export const PANEL = 8;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function str(s: string): number[] {
  const b = Array.from(Buffer.from(s, 'utf8'));
  return [...uleb(b.length), ...b];
}

// Opcodes used below.
const LGET = 0x20, LSET = 0x21, I32C = 0x41, ADD = 0x6a, MUL = 0x6c;
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const V_LOAD = 0x00, V_SPLAT32 = 0x09, V_STORE = 0x0b, V_CONST = 0x0c, F4_ADD = 0xe4, F4_MUL = 0xe6;
const mem = (op: number, align: number, offset: number): number[] => [...simd(op), align, ...uleb(offset)];

/**
 * Builds the module bytes for a `rows`×8 register block. Export
 * `gemm(a, b, c, m, k, panels, astride, ldc, pstride)` (pointers and strides in bytes): for each 8-column
 * panel q and each block of `rows` rows, C[r, 8q..8q+7] += Σ_{p<k} A[r,p]·Bp[q][p][0..7]. A is packed
 * row-block-interleaved (block rb, element (p, r) at a + rb·astride + p·rows·4 + r·4) so the `rows` splat
 * loads of one step share one pointer; panel q of B starts at b + q·pstride (a k-chunk may be passed).
 */
function buildGemmModule(rows: number, shared: boolean): Uint8Array<ArrayBuffer> {
  // params: 0 a, 1 b, 2 c, 3 m, 4 k, 5 panels, 6 astride, 7 ldc, 8 pstride
  const Q = 9, R = 10, W = 11, WEND = 12, PA = 13, CP = 14, WQ = 15;
  const acc = (i: number): number => 16 + i;
  const X0 = 16 + 2 * rows, X1 = X0 + 1, Y = X0 + 2;
  const code: number[] = [];
  const e = (...b: number[]): void => {
    code.push(...b);
  };
  const zero = [...simd(V_CONST), ...new Array<number>(16).fill(0)];
  e(I32C, 0, LSET, Q);
  e(0x02, 0x40, 0x03, 0x40); // block, loop (panels)
  e(LGET, Q, LGET, 5, 0x4f, 0x0d, 1); // if q >= panels break (i32.ge_u = 0x4f)
  e(LGET, 1, LGET, Q, LGET, 8, MUL, ADD, LSET, WQ); // wq = b + q*pstride
  e(I32C, 0, LSET, R);
  e(0x02, 0x40, 0x03, 0x40); // block, loop (row blocks)
  e(LGET, R, LGET, 3, 0x4f, 0x0d, 1);
  for (let i = 0; i < 2 * rows; i++) e(...zero, LSET, acc(i));
  // pa = a + (r / rows)*astride ; w = wq ; wend = wq + k*32
  e(LGET, 0, LGET, R, I32C, rows, 0x6e, LGET, 6, MUL, ADD, LSET, PA); // 0x6e = i32.div_u
  e(LGET, WQ, LSET, W);
  e(LGET, WQ, LGET, 4, I32C, 32, MUL, ADD, LSET, WEND);
  e(0x02, 0x40, 0x03, 0x40); // block, loop (p)
  e(LGET, W, LGET, WEND, 0x4f, 0x0d, 1);
  e(LGET, W, ...mem(V_LOAD, 4, 0), LSET, X0);
  e(LGET, W, ...mem(V_LOAD, 4, 16), LSET, X1);
  for (let r = 0; r < rows; r++) {
    e(LGET, PA, ...mem(V_SPLAT32, 2, 4 * r), LSET, Y);
    for (let h = 0; h < 2; h++) {
      e(LGET, acc(2 * r + h), LGET, Y, LGET, h === 0 ? X0 : X1, ...simd(F4_MUL), ...simd(F4_ADD), LSET, acc(2 * r + h));
    }
  }
  e(LGET, W, I32C, 32, ADD, LSET, W);
  e(LGET, PA, I32C, ...uleb(4 * rows), ADD, LSET, PA);
  e(0x0c, 0, 0x0b, 0x0b); // br loop; end loop; end block
  // cp = c + r*ldc + q*32 ; C rows += acc
  e(LGET, 2, LGET, R, LGET, 7, MUL, ADD, LGET, Q, I32C, 32, MUL, ADD, LSET, CP);
  for (let r = 0; r < rows; r++) {
    for (let h = 0; h < 2; h++) {
      e(LGET, CP, LGET, CP, ...mem(V_LOAD, 4, 16 * h), LGET, acc(2 * r + h), ...simd(F4_ADD), ...mem(V_STORE, 4, 16 * h));
    }
    if (r < rows - 1) e(LGET, CP, LGET, 7, ADD, LSET, CP);
  }
  e(LGET, R, I32C, rows, ADD, LSET, R);
  e(0x0c, 0, 0x0b, 0x0b);
  e(LGET, Q, I32C, 1, ADD, LSET, Q);
  e(0x0c, 0, 0x0b, 0x0b);
  e(0x0b); // end function
  const locals = [2, ...uleb(7), 0x7f, ...uleb(2 * rows + 3), 0x7b];
  const body = [...locals, ...code];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 9, ...new Array<number>(9).fill(0x7f), 0]),
    // Memory import: plain (flags 0, min 1) or shared (flags 3, min 1, max MAX_PAGES) for worker threads.
    ...section(2, [1, ...str('env'), ...str('memory'), 0x02, ...(shared ? [0x03, 1, ...uleb(MAX_PAGES)] : [0x00, 1])]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...str('gemm'), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ];
  return Uint8Array.from(bytes);
}

/** The instantiated kernel and the memory it works in. */
export interface WasmGemm {
  memory: WebAssembly.Memory;
  gemm: (a: number, b: number, c: number, m: number, k: number, panels: number, astride: number, ldc: number, pstride: number) => void;
}

/** Largest shared memory (2 GiB); shared memories reserve their maximum up front. */
const MAX_PAGES = 32768;

const compiled: Record<'plain' | 'shared', WebAssembly.Module | null | undefined> = { plain: undefined, shared: undefined };

/** The compiled kernel module (plain or shared-memory flavour), or null where WebAssembly SIMD is unavailable. */
export function gemmModule(shared: boolean): WebAssembly.Module | null {
  const key = shared ? 'shared' : 'plain';
  if (compiled[key] === undefined) {
    try {
      compiled[key] = new WebAssembly.Module(buildGemmModule(ROWS, shared));
    } catch {
      compiled[key] = null;
    }
  }
  return process.env.GNNREC_NO_WASM === '1' ? null : (compiled[key] ?? null);
}

/**
 * A fresh kernel instance with its own memory of at least `bytes`, or null where WebAssembly SIMD is
 * unavailable. `shared` memories can be handed to worker threads running the same module.
 */
export function wasmGemm(bytes: number, shared = false): WasmGemm | null {
  const mod = gemmModule(shared);
  if (!mod) return null;
  const initial = Math.ceil(bytes / 65536) + 1;
  if (shared && initial > MAX_PAGES) return null;
  const memory = shared ? new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared: true }) : new WebAssembly.Memory({ initial });
  const inst = new WebAssembly.Instance(mod, { env: { memory } });
  return { memory, gemm: inst.exports.gemm as WasmGemm['gemm'] };
}

/** Rows per register block of the kernel (callers pad row counts to a multiple). */
export const KERNEL_ROWS = ROWS;
