// One LightGCN-style training step on the Gowalla-sized benchmark graph, timed per phase: the compute
// core's hot path end to end. Usage: node --import tsx bench/kernels-step.ts [threads|0 for js] [steps]
import { Rng } from '../src/util/rng.ts';
import {
  SparseMatrix,
  spmm,
  add,
  scale,
  gather,
  rowDot,
  backward,
  tidy,
  useBackend,
  jsBackend,
} from '../src/tensor/index.ts';
import type { Tensor } from '../src/tensor/index.ts';
import { Embedding, Adam, normal, bprLoss } from '../src/nn/index.ts';
import { createWasmBackend } from '../src/tensor/backend/wasm/index.ts';
import { SIZES, benchGraph } from './kernels-graph.ts';

const threads = Number(process.argv[2] ?? 1);
const steps = Number(process.argv[3] ?? 6);
useBackend(threads === 0 ? jsBackend : await createWasmBackend(threads));
const size = SIZES[1];
const A = new SparseMatrix(benchGraph(size), { symmetric: true });
const rng = new Rng(1);
const emb = new Embedding(size.nodes, size.cols, normal(rng, 0.1));
const opt = new Adam(emb.parameters(), { lr: 1e-3 });
const phase: Record<string, number> = {};
const timed = <T>(name: string, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  phase[name] = (phase[name] ?? 0) + performance.now() - t0;
  return r;
};
const batch = (): Int32Array => Int32Array.from({ length: 2048 }, () => rng.int(size.nodes));
for (let it = 0; it < steps; it++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  tidy(() => {
    opt.zeroGrad();
    const layers: Tensor[] = [emb.weight];
    for (let l = 0; l < 3; l++) layers.push(timed('spmm', () => spmm(A, layers[l])));
    const h = timed('mean', () => scale(add(add(add(layers[0], layers[1]), layers[2]), layers[3]), 0.25));
    const loss = timed('loss', () => {
      const hu = gather(h, batch());
      return bprLoss(rowDot(hu, gather(h, batch())), rowDot(hu, gather(h, batch())));
    });
    timed('backward', () => backward(loss));
    timed('adam', () => opt.step());
  });
  const c = process.cpuUsage(c0);
  console.log(
    `step ${it}: wall ${(performance.now() - t0).toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`,
  );
}
console.log(
  'mean wall ms per phase:',
  Object.fromEntries(Object.entries(phase).map(([k, v]) => [k, +(v / steps).toFixed(1)])),
);
