import { Worker } from 'node:worker_threads';

/** Names of the kernels a pool can run, in protocol order (also the module's export names). */
export const KERNELS = [
  'spmm_f32',
  'spmm_rows_f32',
  'spmm_t_push_f32',
  'pack_b_f32',
  'transpose_f32',
  'gemm_packed_f32',
  'gather_f32',
  'scatter_add_f32',
  'unary_f32',
  'binary_f32',
  'axpy_f32',
  'scale_f32',
  'rowdot_f32',
  'adam_f32',
  'adam_rows_f32',
  'topk_f32',
  'bpr_grad_f32',
  'l2_rows_f32',
  'topk_dot_i16',
] as const;

/** One kernel export name. */
export type KernelName = (typeof KERNELS)[number];

type KernelFn = (...args: number[]) => void;

/** Polls of a shared counter before a thread sleeps on it (about 0.1 ms). */
const SPIN = 1 << 16;

/**
 * Runs kernels on the main thread plus worker threads over one shared memory. A job is split into
 * fixed [start, end) ranges computed by the caller; partition 0 runs on the calling thread, which then
 * blocks (Atomics.wait) until the workers finish, so every op stays synchronous.
 */
export class ThreadPool {
  private readonly workers: Worker[] = [];
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(64));
  private readonly args = new Float64Array(new SharedArrayBuffer(32 * 8));
  private readonly ranges = new Int32Array(new SharedArrayBuffer(2 * 256 * 4));
  private readonly main: Record<string, KernelFn>;

  private constructor(main: Record<string, KernelFn>) {
    this.main = main;
  }

  /** Starts `threads − 1` workers (the calling thread is the first worker). */
  static async start(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    main: Record<string, KernelFn>,
    threads: number,
  ): Promise<ThreadPool> {
    const pool = new ThreadPool(main);
    const url = new URL('./worker.mjs', import.meta.url);
    const ready: Promise<void>[] = [];
    for (let id = 1; id < threads; id++) {
      const w = new Worker(url, {
        workerData: {
          module,
          memory,
          ctrlBuf: pool.ctrl.buffer,
          argsBuf: pool.args.buffer,
          rangesBuf: pool.ranges.buffer,
          names: KERNELS,
          id,
          spin: SPIN,
        },
      });
      ready.push(
        new Promise((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', reject);
        }),
      );
      pool.workers.push(w);
    }
    await Promise.all(ready);
    // Idle workers must not keep the process alive (unref only now: before 'ready' it would let it exit).
    for (const w of pool.workers) w.unref();
    return pool;
  }

  /** Threads available (workers + the caller). */
  get size(): number {
    return this.workers.length + 1;
  }

  /** Runs `kernel(...args, start, end)` for each [start, end) pair in `bounds` (one per thread). */
  run(kernel: KernelName, args: readonly number[], bounds: readonly number[]): void {
    const parts = bounds.length / 2;
    if (parts > this.size) throw new RangeError(`${parts} partitions for a pool of ${this.size}`);
    if (parts === 1) {
      this.main[kernel](...args, bounds[0], bounds[1]);
      return;
    }
    this.post(kernel, args, parts, 0);
    this.ranges.set(bounds);
    this.finish(kernel, () => this.main[kernel](...args, bounds[0], bounds[1]));
  }

  /**
   * Runs `kernel(...args, start, end)` over [0, total) in chunks of `chunk` that `parts` threads claim
   * as they go (fixed chunk boundaries, so results are the same whoever runs a chunk).
   */
  runChunked(kernel: KernelName, args: readonly number[], total: number, chunk: number, parts: number): void {
    if (parts > this.size) throw new RangeError(`${parts} partitions for a pool of ${this.size}`);
    if (parts === 1 || total <= chunk) {
      // Still chunk by chunk: a long kernel call would run its baseline (Liftoff) code to the end, while V8 tiers up
      // a hot function for its next call.
      for (let s = 0; s < total; s += chunk) this.main[kernel](...args, s, Math.min(total, s + chunk));
      return;
    }
    const c = this.ctrl;
    c[8] = 0;
    c[9] = total;
    c[10] = chunk;
    this.post(kernel, args, parts, 1);
    const f = this.main[kernel];
    this.finish(kernel, () => {
      for (;;) {
        const s = Atomics.add(c, 8, chunk);
        if (s >= total) break;
        f(...args, s, Math.min(total, s + chunk));
      }
    });
  }

  private post(kernel: KernelName, args: readonly number[], parts: number, mode: number): void {
    const c = this.ctrl;
    c[2] = KERNELS.indexOf(kernel);
    c[3] = args.length;
    c[4] = parts;
    c[7] = mode;
    this.args.set(args);
  }

  /** Wakes the workers, runs the caller's share, then waits for every worker to report. */
  private finish(kernel: KernelName, mine: () => void): void {
    const c = this.ctrl;
    const parts = c[4];
    Atomics.store(c, 1, 0);
    Atomics.store(c, 6, 0);
    Atomics.add(c, 0, 1);
    Atomics.notify(c, 0);
    try {
      mine();
    } finally {
      // Even if partition 0 trapped, wait: the workers still write into memory the caller may free.
      // Workers usually finish within microseconds of the caller's share: poll before sleeping on the futex.
      for (let i = 0; i < SPIN && Atomics.load(c, 1) < parts - 1; i++);
      for (;;) {
        const done = Atomics.load(c, 1);
        if (done >= parts - 1) break;
        Atomics.wait(c, 1, done);
      }
    }
    if (Atomics.load(c, 6) !== 0) throw new Error(`wasm kernel ${kernel} trapped in a worker`);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    Atomics.store(this.ctrl, 5, 1);
    Atomics.add(this.ctrl, 0, 1);
    Atomics.notify(this.ctrl, 0);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
