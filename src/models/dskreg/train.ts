import type { Interactions } from '../../data/types.ts';
import { interactionCsr } from '../../graph/bipartite.ts';
import { sampleBprBatch } from '../../graph/negative.ts';
import { backward, gather, noGrad, rowDot, scale, square, sum, tidy, add } from '../../tensor/index.ts';
import { Adam, bprLoss } from '../../nn/index.ts';
import { Rng } from '../../util/rng.ts';
import type { EpochReport, FitOptions, FitReport } from '../recommender.ts';
import { temperature, type DskregConfig } from './config.ts';
import type { DskregForward, DskregNetwork } from './network.ts';

/** Called after every epoch with a deterministic (noise-free) forward pass, inside `noGrad`/`tidy`. */
export type RefreshFn = (f: DskregForward, tau: number) => void;

/**
 * Mini-batch BPR for DSKReG with the LightGCN loop's conventions (edges drawn uniformly with replacement, one uniform
 * non-positive per edge, λ·Σ‖e⁰‖²/batch on the batch's layer-0 rows, Adam). Each step draws fresh Gumbel noise, so
 * the K sampled neighbours change while the relevance scorer learns; τ is annealed per epoch.
 */
export async function fitDskreg(
  net: DskregNetwork,
  positives: Interactions,
  cfg: DskregConfig,
  opts: FitOptions,
  refresh: RefreshFn,
): Promise<FitReport> {
  const U = net.nb.numUsers;
  const rng = new Rng(opts.seed).fork(1);
  const R = interactionCsr(U, net.nb.numItems, positives.user, positives.item);
  const B = cfg.batch;
  const iters = cfg.itersPerEpoch > 0 ? cfg.itersPerEpoch : Math.max(1, Math.ceil(positives.user.length / B));
  const epochs = opts.epochs ?? cfg.epochs;
  const opt = new Adam(net.parameters(), { lr: cfg.lr });
  const E = net.noiseSize;
  const noise = new Float32Array(E);
  const batch = { users: new Int32Array(B), pos: new Int32Array(B), neg: new Int32Array(B) };
  const curve: EpochReport[] = [];
  let seconds = 0;
  let done = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const t0 = performance.now();
    const tau = temperature(cfg, epoch);
    let lossSum = 0;
    for (let it = 0; it < iters; it++) {
      sampleBprBatch(positives.user, positives.item, R, B, rng, batch);
      // Users whose every item is a positive get neg = −1 from the sampler: point them at their positive (zero loss gradient).
      const neg = Int32Array.from(batch.neg, (j, b) => U + (j < 0 ? batch.pos[b] : j));
      const pos = Int32Array.from(batch.pos, (i) => U + i);
      for (let e = 0; e < E; e++) noise[e] = rng.gumbel();
      opt.zeroGrad();
      lossSum += tidy(() => {
        const { out } = net.forward(tau, noise);
        const eu = gather(out, batch.users);
        const loss0 = bprLoss(rowDot(eu, gather(out, pos)), rowDot(eu, gather(out, neg)));
        const reg = add(
          add(sum(square(gather(net.emb, batch.users))), sum(square(gather(net.emb, pos)))),
          sum(square(gather(net.emb, neg))),
        );
        const loss = add(loss0, scale(reg, cfg.l2 / B));
        backward(loss);
        return loss.item();
      });
      opt.step();
      opts.progress?.update(`epoch ${epoch}/${epochs}`, it + 1, iters);
    }
    tidy(() => noGrad(() => refresh(net.forward(tau, null), tau)));
    const s = (performance.now() - t0) / 1000;
    seconds += s;
    done = epoch;
    const report: EpochReport = { epoch, loss: lossSum / iters, seconds: s };
    curve.push(report);
    if (opts.onEpoch?.(report) === 'stop') break;
    await new Promise((r) => setImmediate(r));
  }
  opts.progress?.end();
  return {
    epochs: done,
    seconds,
    curve,
    extra: { iterations: done * iters, seconds_per_epoch: seconds / Math.max(1, done) },
  };
}
