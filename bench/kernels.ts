// `gnnrec bench kernels`: GFLOP/s of spmm and gemm per backend and thread count, plus PyTorch's CSR
// `A @ X` on the same matrices when /usr/bin/python3 has torch. A benchmark, not a test.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/util/rng.ts';
import { jsBackend } from '../src/tensor/index.ts';
import type { Backend } from '../src/tensor/index.ts';
import { createWasmBackend } from '../src/tensor/backend/wasm/index.ts';
import type { Csr } from '../src/tensor/csr.ts';
import { SIZES, benchGraph } from './kernels-graph.ts';
import type { BenchSize } from './kernels-graph.ts';

/** One measurement. */
export interface KernelRow {
  backend: string;
  threads: number;
  size: string;
  gflops: number;
  /** Median wall time of one call. */
  ms: number;
  /** GFLOP/s of the fastest call: the least disturbed by other load on a shared machine. */
  best_gflops: number;
  /** Mean process CPU time of one call (all threads): robust to other load on the machine. */
  cpu_ms: number;
  /** flops / cpu_ms: throughput per busy core. */
  cpu_gflops: number;
  shape: string;
}

/** The `--json` object of `gnnrec bench kernels`. */
export interface KernelBenchResult {
  spmm: KernelRow[];
  gemm: KernelRow[];
  reference?: {
    torch: {
      spmm: Array<{
        size: string;
        gflops: number;
        best_gflops: number;
        cpu_gflops: number;
        threads: number;
        torch: string;
      }>;
    };
  };
  machine: { cpu: string; cores: number; node: string };
}

/** Options: thread counts for wasm, seconds per measurement, whether to include the slow js backend. */
export interface KernelBenchOptions {
  threads?: number[];
  seconds?: number;
  js?: boolean;
  torch?: boolean;
  sizes?: string[];
  log?: (line: string) => void;
}

/** Median wall time and mean CPU time (ms) of `f` over at least 3 runs and about `seconds`, after a warm-up run. */
function timeIt(f: () => void, seconds: number): { ms: number; best: number; cpu: number } {
  f();
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  const c0 = process.cpuUsage();
  while (times.length < 3 || performance.now() < end) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  const c = process.cpuUsage(c0);
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1], best: times[0], cpu: (c.user + c.system) / 1000 / times.length };
}

function randArray(be: Backend, n: number, rng: Rng): Float32Array {
  const a = be.allocF32(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform() * 2 - 1;
  return a;
}

function torchReference(graphs: Array<[BenchSize, Csr]>, seconds: number): KernelBenchResult['reference'] {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-bench-'));
  try {
    for (const [size, a] of graphs) {
      const nnz = a.indptr[a.rows];
      writeFileSync(join(dir, `${size.name}.indptr`), a.indptr);
      writeFileSync(join(dir, `${size.name}.indices`), a.indices.subarray(0, nnz));
      writeFileSync(join(dir, `${size.name}.values`), (a.values as Float32Array).subarray(0, nnz));
      writeFileSync(
        join(dir, `${size.name}.json`),
        JSON.stringify({ rows: a.rows, inner: a.cols, cols: size.cols, seconds }),
      );
    }
    const script = fileURLToPath(new URL('./kernels-torch.py', import.meta.url));
    const r = spawnSync('/usr/bin/python3', [script, dir, ...graphs.map(([s]) => s.name)], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`torch reference failed: ${r.stderr.trim().split('\n').pop()}`);
    return { torch: JSON.parse(r.stdout) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the kernel benchmark. */
export async function runKernelBench(opts: KernelBenchOptions = {}): Promise<KernelBenchResult> {
  const seconds = opts.seconds ?? 1;
  const log = opts.log ?? (() => {});
  const threads = opts.threads ?? [...new Set([1, 2, availableParallelism()])];
  const backends: Backend[] = opts.js === false ? [] : [jsBackend];
  for (const t of threads) backends.push(await createWasmBackend(t));
  const sizes = SIZES.filter((s) => !opts.sizes || opts.sizes.includes(s.name));
  const graphs: Array<[BenchSize, Csr]> = sizes.map((s) => [s, benchGraph(s)]);
  const result: KernelBenchResult = {
    spmm: [],
    gemm: [],
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), node: process.version },
  };
  const rng = new Rng(7);
  for (const [size, a] of graphs) {
    const nnz = a.indptr[a.rows];
    // Evaluation shape: a block of 1024 users scored against every item (k = 64, B transposed).
    const n = Math.round(size.nodes * 0.58),
      k = size.cols;
    for (const be of backends) {
      // The scalar js gemm would take minutes on 1024 rows; GFLOP/s barely depends on the row count.
      const m = !be.accelerated ? 64 : 1024;
      const x = randArray(be, a.cols * size.cols, rng);
      const out = be.allocF32(a.rows * size.cols);
      const flops = 2 * nnz * size.cols;
      const { ms, best, cpu } = timeIt(
        () => be.spmm(a, x, size.cols, out, 0),
        !be.accelerated ? Math.min(seconds, 0.5) : seconds,
      );
      const row = {
        backend: be.name,
        threads: be.threads,
        size: size.name,
        gflops: flops / ms / 1e6,
        ms,
        best_gflops: flops / best / 1e6,
        cpu_ms: cpu,
        cpu_gflops: flops / cpu / 1e6,
        shape: `${a.rows}x${a.cols} nnz ${nnz} · ${size.cols}`,
      };
      result.spmm.push(row);
      log(
        `spmm ${row.size} ${row.backend}×${row.threads}: ${row.gflops.toFixed(2)} GFLOP/s (${ms.toFixed(2)} ms; best ${row.best_gflops.toFixed(2)}; ${row.cpu_gflops.toFixed(2)} per CPU-second)`,
      );
      be.free(x);
      be.free(out);
      const A = randArray(be, m * k, rng),
        B = randArray(be, n * k, rng),
        C = be.allocF32(m * n);
      const gflops = 2 * m * n * k;
      const gt = timeIt(
        () => be.gemm(m, n, k, A, false, B, true, C, 1, 0),
        !be.accelerated ? Math.min(seconds, 0.5) : seconds,
      );
      const g = {
        backend: be.name,
        threads: be.threads,
        size: size.name,
        gflops: gflops / gt.ms / 1e6,
        ms: gt.ms,
        best_gflops: gflops / gt.best / 1e6,
        cpu_ms: gt.cpu,
        cpu_gflops: gflops / gt.cpu / 1e6,
        shape: `${m}x${k} · (${n}x${k})ᵀ`,
      };
      result.gemm.push(g);
      log(
        `gemm ${g.size} ${g.backend}×${g.threads}: ${g.gflops.toFixed(2)} GFLOP/s (${g.ms.toFixed(2)} ms; best ${g.best_gflops.toFixed(2)}; ${g.cpu_gflops.toFixed(2)} per CPU-second)`,
      );
      for (const t of [A, B, C]) be.free(t);
    }
  }
  if (opts.torch !== false) {
    const ref = torchReference(graphs, seconds);
    if (ref) {
      result.reference = ref;
      for (const r of ref.torch.spmm)
        log(
          `torch spmm ${r.size} ×${r.threads}: ${r.gflops.toFixed(2)} GFLOP/s (best ${r.best_gflops.toFixed(2)}; ${r.cpu_gflops.toFixed(2)} per CPU-second)`,
        );
    }
  }
  return result;
}
