import { availableParallelism } from 'node:os';
import { buildAliasRows } from '../alias.ts';
import { runWalkChunks } from './node2vec.ts';
import { moduleExtension, spawnWorker } from './spawn.ts';
import type { WalkGraph, WalkParams } from './node2vec.ts';
import type { Csr } from '../../tensor/csr.ts';
import type { Rng } from '../../util/rng.ts';

/** Options of `generateWalks`: node2vec parameters plus the notebook's `num_walks` and parallelism. */
export interface WalkOptions extends WalkParams {
  /** Walks started from every node (each round visits the nodes in a fresh random order). */
  numWalks: number;
  /** Worker threads; 0 or absent picks 1 for small jobs (thread start-up dominates) and up to 8 otherwise. */
  workers?: number;
  /** Walks per independently seeded chunk (the unit of work handed to workers). */
  chunkSize?: number;
}

/** Walks as a row-major `count × length` matrix of node ids (−1 pads walks that hit a dead end). */
export interface Walks {
  data: Int32Array;
  count: number;
  length: number;
}

/** What one worker receives (typed arrays are views on SharedArrayBuffers, so nothing is copied). */
export interface WalkJob {
  indptr: Int32Array;
  indices: Int32Array;
  prob: Float64Array;
  alias: Int32Array;
  starts: Int32Array;
  seeds: Uint32Array;
  chunkSize: number;
  chunks: number[];
  params: WalkParams;
  out: SharedArrayBuffer;
}

/**
 * Generates `numWalks` rounds of node2vec walks from every node of a weighted symmetric CSR (sorted
 * rows). Start order and per-chunk seeds come from `rng` up front and each chunk owns a fixed output
 * range, so the result is identical for any number of workers.
 */
export async function generateWalks(adj: Csr, opts: WalkOptions, rng: Rng): Promise<Walks> {
  const n = adj.rows;
  const chunkSize = opts.chunkSize ?? 512;
  const starts = new Int32Array(opts.numWalks * n);
  for (let r = 0; r < opts.numWalks; r++) {
    const round = starts.subarray(r * n, (r + 1) * n);
    for (let v = 0; v < n; v++) round[v] = v;
    rng.shuffle(round);
  }
  const numChunks = Math.ceil(starts.length / chunkSize);
  const seeds = new Uint32Array(numChunks);
  for (let c = 0; c < numChunks; c++) seeds[c] = rng.fork(c).seed;
  const params: WalkParams = { p: opts.p, q: opts.q, walkLength: opts.walkLength };
  const steps = starts.length * opts.walkLength;
  const workers = Math.max(
    1,
    Math.min(opts.workers || (steps < 2_000_000 ? 1 : Math.min(availableParallelism(), 8)), numChunks),
  );
  const values = adj.values ?? new Float32Array(adj.indices.length).fill(1);
  const alias = buildAliasRows(adj.indptr, values);
  if (workers === 1) {
    const out = new Int32Array(steps);
    const g: WalkGraph = { indptr: adj.indptr, indices: adj.indices, alias };
    runWalkChunks(g, starts, seeds, chunkSize, range(numChunks), params, out);
    return { data: out, count: starts.length, length: opts.walkLength };
  }
  const out = new SharedArrayBuffer(steps * 4);
  const shared = {
    indptr: share(adj.indptr),
    indices: share(adj.indices),
    prob: share(alias.prob),
    alias: share(alias.alias),
    starts: share(starts),
    seeds: share(seeds),
  };
  const jobs: Promise<void>[] = [];
  for (let k = 0; k < workers; k++) {
    const chunks = range(numChunks).filter((c) => c % workers === k);
    const job: WalkJob = { ...shared, chunkSize, chunks, params, out };
    jobs.push(runWorker(job));
  }
  await Promise.all(jobs);
  return { data: new Int32Array(out), count: starts.length, length: opts.walkLength };
}

function runWorker(job: WalkJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const w = spawnWorker(new URL(`./worker${moduleExtension(import.meta.url)}`, import.meta.url), job);
    w.once('message', () => resolve());
    w.once('error', reject);
    w.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`walk worker exited with code ${code}`)),
    );
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A SharedArrayBuffer-backed copy, so workers read the graph without a per-thread copy. */
function share<T extends Int32Array | Uint32Array | Float64Array>(a: T): T {
  const bytes = new Uint8Array(new SharedArrayBuffer(a.byteLength));
  bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return new (a.constructor as new (b: ArrayBufferLike) => T)(bytes.buffer);
}
