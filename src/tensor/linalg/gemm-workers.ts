import { Worker } from 'node:worker_threads';

// The worker only instantiates the kernel module on the shared memory and runs the calls it is sent;
// plain CommonJS so it needs no loader. Completion is signalled through a shared flag because the
// caller (a synchronous scoreUsers) blocks in Atomics.wait instead of returning to the event loop.
const WORKER_SRC = `
const { parentPort, workerData } = require('node:worker_threads');
const inst = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } });
const flag = new Int32Array(workerData.ctrl);
parentPort.on('message', (calls) => {
  try { for (const a of calls) inst.exports.gemm(...a); }
  finally { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }
});
`;

/**
 * Helper threads that run the SIMD gemm kernel on a shared WebAssembly memory: the caller hands each
 * helper a list of kernel calls (disjoint column panels), does its own share, then waits for all.
 */
export class GemmWorkers {
  private readonly workers: Worker[] = [];
  private readonly flags: Int32Array[] = [];

  /** Starts `count` helpers for `module` instantiated on `memory` (a shared memory). */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, count: number) {
    for (let i = 0; i < count; i++) {
      const ctrl = new SharedArrayBuffer(4);
      const w = new Worker(WORKER_SRC, { eval: true, workerData: { module, memory, ctrl }, execArgv: [] });
      w.unref(); // idle helpers must not keep the process alive
      this.workers.push(w);
      this.flags.push(new Int32Array(ctrl));
    }
  }

  /** Number of helper threads. */
  get count(): number {
    return this.workers.length;
  }

  /** Sends helper i the kernel calls `jobs[i]` (each an argument list of `gemm`). */
  post(jobs: readonly number[][][]): void {
    jobs.forEach((calls, i) => {
      Atomics.store(this.flags[i], 0, 0);
      this.workers[i].postMessage(calls);
    });
  }

  /** Blocks until every helper sent work by `post` has finished. */
  wait(n = this.workers.length): void {
    for (let i = 0; i < n; i++) while (Atomics.load(this.flags[i], 0) === 0) Atomics.wait(this.flags[i], 0, 0, 1000);
  }

  /** Stops the helpers. */
  close(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
