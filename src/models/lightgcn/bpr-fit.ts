import type { Interactions } from '../../data/types.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { nonEmptyRows, sampleBprBatch, sampleBprBatchByUser } from '../../graph/negative.ts';
import { Rng } from '../../util/rng.ts';
import { getBackend } from '../../tensor/backend/registry.ts';
import type { EpochReport, FitOptions, FitReport } from '../recommender.ts';
import { Adam } from '../../nn/adam.ts';
import { Parameter } from '../../nn/parameter.ts';
import { stackedRows, type StackedRows } from '../layers/lgconv.ts';

/** Hyper-parameters of BPR training shared by LightGCN and MF-BPR. */
export interface BprConfig {
  lr: number;
  /** L2 weight λ on the batch's layer-0 embeddings. */
  l2: number;
  /**
   * How λ is scaled: `sum` = λ·Σ‖e⁰‖² over the batch (the seed001 notebook / lightgcn_torch.py),
   * `mean` = λ·Σ‖e⁰‖²/batch (the LightGCN authors' code and lightgcn_torch_txt.py).
   */
  l2Mode: 'sum' | 'mean';
  batch: number;
  epochs: number;
  /** Iterations per epoch; 0 = one pass over the training edges (⌈edges/batch⌉). */
  itersPerEpoch: number;
  /**
   * How triples are drawn: `edge` = a training edge uniformly (the seed001 notebook), `user` = a user uniformly,
   * then one of their positives (the LightGCN authors' `UniformSample_original`).
   */
  sampling: 'edge' | 'user';
  /** Factor applied to the learning rate after every epoch from `lrDecayStart` on (1 = constant). */
  lrDecay: number;
  /** First epoch after which `lrDecay` applies (0 = from the start): decay once the constant-rate curve flattens. */
  lrDecayStart: number;
}

/** What the loop trains: layer-0 embeddings and the (linear, self-adjoint) map to final embeddings. */
export interface BprTarget {
  numUsers: number;
  numItems: number;
  dim: number;
  /** Layer-0 embeddings, stacked users then items (updated in place). */
  e0: Float32Array;
  /** Final embeddings (refreshed from e0 after every epoch). */
  final: Float32Array;
  /** final = P e0; P must be symmetric, since the same call maps ∂L/∂final to ∂L/∂e0. */
  propagate(x: Float32Array, out: Float32Array): void;
  /** Optional `propagate` that only has to be right at the batch's `rows`. */
  propagateRows?(x: Float32Array, out: Float32Array, rows: StackedRows): void;
  /** Optional `propagate` of an `x` that is zero outside the batch's `rows`. */
  propagateFromRows?(x: Float32Array, out: Float32Array, rows: StackedRows): void;
}

/** The distinct stacked rows a BPR batch touches (users, then U + items), ascending, via a reusable marker array. */
function batchRows(
  batch: { users: Int32Array; pos: Int32Array; neg: Int32Array },
  U: number,
  mark: Uint8Array,
): Int32Array {
  let n = 0;
  const visit = (r: number): void => {
    if (mark[r] === 0) {
      mark[r] = 1;
      n++;
    }
  };
  for (let b = 0; b < batch.users.length; b++) {
    if (batch.neg[b] < 0) continue;
    visit(batch.users[b]);
    visit(U + batch.pos[b]);
    visit(U + batch.neg[b]);
  }
  const rows = new Int32Array(n);
  for (let r = 0, q = 0; q < n; r++) {
    if (mark[r] !== 0) {
      rows[q++] = r;
      mark[r] = 0;
    }
  }
  return rows;
}

/**
 * Mini-batch BPR (Rendle et al. 2009) with Adam: edges drawn uniformly with replacement, one uniform
 * non-positive per edge, loss mean(−ln σ(ŷ_ui − ŷ_uj)) + λ·(‖e⁰_u‖² + ‖e⁰_i‖² + ‖e⁰_j‖²) (scaled per `l2Mode`).
 * Calls `opts.onEpoch` after each epoch with fresh final embeddings; returning 'stop' ends training.
 */
export async function fitBpr(
  t: BprTarget,
  positives: Interactions,
  cfg: BprConfig,
  opts: FitOptions,
): Promise<FitReport> {
  const { numUsers: U, dim: d } = t;
  const rng = new Rng(opts.seed).fork(1);
  const R = interactionCsr(t.numUsers, t.numItems, positives.user, positives.item);
  const B = cfg.batch;
  const iters = cfg.itersPerEpoch > 0 ? cfg.itersPerEpoch : Math.max(1, Math.ceil(positives.user.length / B));
  const epochs = opts.epochs ?? cfg.epochs;
  // Backend memory (the wasm heap when active) so kernels take pointers instead of copying each call.
  const grad = getBackend().allocF32(t.e0.length);
  const gE0 = getBackend().allocF32(t.e0.length);
  // Dense (not lazy) Adam: LightGCN's gradient reaches every node through propagation, and PyTorch's Adam keeps
  // moving rows by their momentum as the reference does. The parameter wraps e0 and its gradient buffer in place.
  const param = new Parameter(t.e0, [t.e0.length], 'emb0');
  param.grad = gE0;
  const adam = new Adam([param], { lr: cfg.lr });
  const regScale = cfg.l2Mode === 'sum' ? cfg.l2 : cfg.l2 / B;
  const batch = { users: new Int32Array(B), pos: new Int32Array(B), neg: new Int32Array(B) };
  const activeUsers = cfg.sampling === 'user' ? nonEmptyRows(R) : null;
  const sparse = t.propagateRows !== undefined || t.propagateFromRows !== undefined;
  const mark = new Uint8Array(sparse ? U + t.numItems : 0);
  const curve: EpochReport[] = [];
  let trainSeconds = 0;
  // CPU time of the whole process (all threads) during training steps: a load-independent cost measure on a shared machine.
  let cpuMicros = 0;
  let done = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let lossSum = 0;
    for (let it = 0; it < iters; it++) {
      if (activeUsers) sampleBprBatchByUser(R, activeUsers, B, rng, batch);
      else sampleBprBatch(positives.user, positives.item, R, B, rng, batch);
      const rows = sparse ? stackedRows(batchRows(batch, U, mark), U) : null;
      if (rows && t.propagateRows) t.propagateRows(t.e0, t.final, rows);
      else t.propagate(t.e0, t.final);
      const be = getBackend();
      const loss = be.bprGrad(t.final, d, batch.users, batch.pos, batch.neg, U, 1 / B, grad);
      if (rows && t.propagateFromRows) {
        t.propagateFromRows(grad, gE0, rows);
        // The gradient is non-zero only at the batch's rows: clear just those for the next step.
        for (const r of rows.all) grad.fill(0, r * d, r * d + d);
      } else {
        t.propagate(grad, gE0);
        grad.fill(0);
      }
      const e0 = t.e0;
      // L2 on the batch's layer-0 rows; a row drawn twice is penalised twice, as in the reference.
      const r2 = 2 * regScale;
      let reg = be.l2Rows(e0, gE0, d, batch.users, 0, r2, batch.neg);
      reg += be.l2Rows(e0, gE0, d, batch.pos, U, r2, batch.neg);
      reg += be.l2Rows(e0, gE0, d, batch.neg, U, r2, batch.neg);
      adam.step();
      lossSum += loss / B + regScale * reg;
      opts.progress?.update(`epoch ${epoch}/${epochs}`, it + 1, iters);
    }
    t.propagate(t.e0, t.final);
    const seconds = (performance.now() - t0) / 1000;
    const c1 = process.cpuUsage(c0);
    cpuMicros += c1.user + c1.system;
    trainSeconds += seconds;
    done = epoch;
    const report: EpochReport = { epoch, loss: lossSum / iters, seconds };
    if (epoch >= cfg.lrDecayStart) adam.lr *= cfg.lrDecay;
    curve.push(report);
    if (opts.onEpoch?.(report) === 'stop') break;
    // Let timers and signals run between epochs.
    await new Promise((r) => setImmediate(r));
  }
  opts.progress?.end();
  return {
    epochs: done,
    seconds: trainSeconds,
    curve,
    extra: {
      iterations: done * iters,
      ms_per_iteration: (1000 * trainSeconds) / (done * iters),
      cpu_ms_per_iteration: cpuMicros / 1000 / (done * iters),
    },
  };
}
