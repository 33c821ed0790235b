import type { Backend } from '../backend.ts';
import { gemmJs } from './gemm.ts';
import { spmmJs, spmmRowsJs, spmmTPushJs, gatherJs, scatterAddJs } from './sparse.ts';
import { unaryJs, binaryJs, axpyJs, scaleJs, rowDotJs } from './elementwise.ts';
import { adamStepJs, adamRowsJs } from './adam.ts';
import { topkJs } from './topk.ts';
import { topkDotJs } from './topk-dot.ts';
import { bprGradJs, l2RowsJs } from './bpr.ts';

/** The plain TypeScript backend: the ground truth every other backend is tested against. */
export const jsBackend: Backend = {
  name: 'js',
  accelerated: false,
  threads: 1,
  allocF32: (n) => new Float32Array(n),
  free: () => {},
  gemm: gemmJs,
  packB: (b, k, n) => ({ k, n, data: b.slice(0, k * n) }),
  gemmPacked: (m, a, b, c, alpha, beta) => gemmJs(m, b.n, b.k, a, false, b.data, false, c, alpha, beta),
  spmm: spmmJs,
  spmmRows: spmmRowsJs,
  spmmTPush: spmmTPushJs,
  gather: gatherJs,
  scatterAdd: scatterAddJs,
  unary: unaryJs,
  binary: binaryJs,
  axpy: axpyJs,
  scale: scaleJs,
  rowDot: rowDotJs,
  adamStep: adamStepJs,
  adamRows: adamRowsJs,
  topk: topkJs,
  topkDot: topkDotJs,
  bprGrad: bprGradJs,
  l2Rows: l2RowsJs,
};
