// Kernel worker: instantiates the kernel module over the shared memory and runs its share of each job.
// Plain .mjs because workers do not get the TypeScript loader. Protocol (Int32 ctrl): [0] generation,
// [1] finished count, [2] kernel index, [3] arg count, [4] partitions, [5] stop, [6] error flag,
// [7] mode (0: fixed ranges, 1: claim chunks), [8] next unclaimed index, [9] total, [10] chunk.
/* global WebAssembly */
import { workerData, parentPort } from 'node:worker_threads';

const { module, memory, ctrlBuf, argsBuf, rangesBuf, names, id, spin } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const kernels = names.map((n) => instance.exports[n]);
const ctrl = new Int32Array(ctrlBuf);
const args = new Float64Array(argsBuf);
const ranges = new Int32Array(rangesBuf);

let gen = Atomics.load(ctrl, 0);
parentPort.postMessage('ready');
for (;;) {
  // Kernels come in bursts (a training step is dozens of calls), and waking a thread from a futex costs tens of
  // microseconds, so poll the generation briefly (the pool's SPIN) before sleeping.
  for (let i = 0; i < spin && Atomics.load(ctrl, 0) === gen; i++);
  Atomics.wait(ctrl, 0, gen);
  gen = Atomics.load(ctrl, 0);
  if (Atomics.load(ctrl, 5) !== 0) break;
  if (id >= Atomics.load(ctrl, 4)) continue;
  try {
    const f = kernels[ctrl[2]];
    const n = ctrl[3];
    const a = [];
    for (let i = 0; i < n; i++) a.push(args[i]);
    if (ctrl[7] === 1) {
      // Claiming chunks lets a thread that was descheduled (a busy machine) do less of the job.
      const total = ctrl[9],
        chunk = ctrl[10];
      for (;;) {
        const s = Atomics.add(ctrl, 8, chunk);
        if (s >= total) break;
        f(...a, s, Math.min(total, s + chunk));
      }
    } else f(...a, ranges[2 * id], ranges[2 * id + 1]);
  } catch {
    Atomics.store(ctrl, 6, 1);
  }
  Atomics.add(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
}
