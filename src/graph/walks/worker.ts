// Worker-thread entry of `generateWalks`: runs its share of walk chunks into the shared output.
import { parentPort, workerData } from 'node:worker_threads';
import { runWalkChunks } from './node2vec.ts';
import type { WalkJob } from './parallel.ts';

const job = workerData as WalkJob;
const g = { indptr: job.indptr, indices: job.indices, alias: { prob: job.prob, alias: job.alias } };
runWalkChunks(g, job.starts, job.seeds, job.chunkSize, job.chunks, job.params, new Int32Array(job.out));
parentPort?.postMessage('done');
