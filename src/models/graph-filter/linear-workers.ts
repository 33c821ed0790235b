import { Worker } from 'node:worker_threads';
import type { Csr } from '../../tensor/csr.ts';

// Same two-hop loop as ItemFilter.addLinear, for the rows it is sent; plain CommonJS (no loader needed).
// R̃ and R̃ᵀ live in SharedArrayBuffers, so each helper reads them without a copy; the output block is
// shared too and the rows of different helpers are disjoint.
const SRC = `
const { parentPort, workerData } = require('node:worker_threads');
const { rPtr, rIdx, rVal, tPtr, tIdx, tVal, users, ctrl } = workerData;
const acc = new Float64Array(users), touched = new Int32Array(users), flag = new Int32Array(ctrl);
parentPort.on('message', ({ out, I, rows, offsets, items, weights }) => {
  try {
    for (let r = 0; r < rows.length; r++) {
      const b = rows[r];
      let nt = 0;
      for (let p = offsets[r]; p < offsets[r + 1]; p++) {
        const i = items[p], w = weights ? weights[p] : 1;
        for (let q = tPtr[i]; q < tPtr[i + 1]; q++) {
          const v = tIdx[q];
          if (acc[v] === 0) touched[nt++] = v;
          acc[v] += w * tVal[q];
        }
      }
      const o = b * I;
      for (let t = 0; t < nt; t++) {
        const v = touched[t], x = acc[v];
        acc[v] = 0;
        for (let q = rPtr[v]; q < rPtr[v + 1]; q++) out[o + rIdx[q]] += x * rVal[q];
      }
    }
  } finally { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }
});
`;

function shared<T extends Int32Array | Float32Array>(a: T, make: (b: SharedArrayBuffer) => T): T {
  const s = make(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

/** One block's rows for a helper: signals flattened (items, offsets, weights or null). */
export interface LinearJob {
  rows: Int32Array;
  offsets: Int32Array;
  items: Int32Array;
  weights: Float32Array | null;
}

/** Helper threads computing the linear term r·R̃ᵀR̃ for disjoint rows of a shared output block. */
export class LinearWorkers {
  private readonly workers: Worker[] = [];
  private readonly flags: Int32Array[] = [];

  /** Starts `count` helpers over copies of R̃ and R̃ᵀ in shared memory. */
  constructor(rn: Csr, rnT: Csr, count: number) {
    const i32 = (a: Int32Array): Int32Array => shared(a, (b) => new Int32Array(b));
    const f32 = (a: Float32Array): Float32Array => shared(a, (b) => new Float32Array(b));
    const data = {
      rPtr: i32(rn.indptr),
      rIdx: i32(rn.indices),
      rVal: f32(rn.values as Float32Array),
      tPtr: i32(rnT.indptr),
      tIdx: i32(rnT.indices),
      tVal: f32(rnT.values as Float32Array),
      users: rn.rows,
    };
    for (let i = 0; i < count; i++) {
      const ctrl = new SharedArrayBuffer(4);
      const w = new Worker(SRC, { eval: true, workerData: { ...data, ctrl }, execArgv: [] });
      w.unref();
      this.workers.push(w);
      this.flags.push(new Int32Array(ctrl));
    }
  }

  /** Number of helper threads. */
  get count(): number {
    return this.workers.length;
  }

  /** Sends helper i job i, adding into the shared `out` (rows of width I). */
  post(out: Float32Array, I: number, jobs: readonly LinearJob[]): void {
    jobs.forEach((job, i) => {
      Atomics.store(this.flags[i], 0, 0);
      this.workers[i].postMessage({ out, I, ...job });
    });
  }

  /** Blocks until the first `n` helpers have finished their jobs. */
  wait(n: number): void {
    for (let i = 0; i < n; i++)
      while (Atomics.load(this.flags[i], 0) === 0) Atomics.wait(this.flags[i], 0, 0, 1000);
  }
}
