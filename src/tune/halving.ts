import type { Csr } from '../tensor/csr.ts';
import type { Recommender, TrainData } from '../models/recommender.ts';
import { Rng } from '../util/rng.ts';
import { candidates, type Candidate, type ParamValue, type TuneSpace } from './space.ts';
import { validationMetrics } from './evaluate.ts';
import { applyScoreConfig } from './reconfigure.ts';

/** One evaluation of one candidate on one rung. */
export interface TuneRow {
  rung: number;
  users: number;
  config: Record<string, ParamValue>;
  recall: number;
  ndcg: number;
  seconds: number;
}

/** Result of a search: the best config, its validation curve (metric by rung) and every evaluation. */
export interface TuneResult {
  kind: string;
  best: Record<string, ParamValue>;
  bestMetrics: { recall: number; ndcg: number; users: number };
  curve: Array<{ rung: number; users: number; candidates: number; recall: number; ndcg: number }>;
  rows: TuneRow[];
  seconds: number;
  stoppedByBudget: boolean;
}

/** Options of `successiveHalving`. */
export interface HalvingOptions {
  /** Wall-clock budget in seconds (the search stops starting work once it is spent). */
  budgetSeconds: number;
  seed: number;
  /** Candidates drawn from the space in the first rung. */
  maxCandidates?: number;
  /** Keep the best 1/eta of each rung. */
  eta?: number;
  /** Validation users of the first rung (each later rung × eta, up to all). */
  minUsers?: number;
  /** Fitted models kept for reuse across rungs (memory: one model each). */
  cacheSize?: number;
  /** Creates an unfitted model of the kind for a config. */
  create: (config: Record<string, unknown>) => Recommender;
  /** Called after every evaluation (progress table). */
  onRow?: (row: TuneRow) => void;
}

/**
 * Successive halving (Jamieson & Talwalkar 2016) over a kind's space: every candidate is scored on a few validation
 * users, the best 1/η go on to η× more users, until one is left or all users are used. Candidates that share a fit
 * key share one fitted model (score-stage values are applied in place), so a rung costs one fit per distinct key.
 */
export async function successiveHalving(
  space: TuneSpace,
  fitData: TrainData,
  val: Csr,
  opts: HalvingOptions,
): Promise<TuneResult> {
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const eta = opts.eta ?? 3;
  const rng = new Rng(opts.seed).fork(2202);
  const allUsers: number[] = [];
  for (let u = 0; u < val.rows; u++) if (val.indptr[u + 1] > val.indptr[u]) allUsers.push(u);
  const order = Int32Array.from(rng.shuffle(allUsers));
  let pool: Candidate[] = candidates(space, opts.maxCandidates ?? 96, rng);
  const scoreNames = space.params.filter((p) => p.stage === 'score').map((p) => p.name);
  const cache = new Map<string, Recommender>();
  const fitted = async (c: Candidate): Promise<Recommender> => {
    const hit = cache.get(c.fitKey);
    if (hit) return hit;
    const m = opts.create(c.config);
    await m.fit(fitData, { seed: opts.seed });
    if (cache.size >= (opts.cacheSize ?? 2)) cache.delete(cache.keys().next().value as string);
    cache.set(c.fitKey, m);
    return m;
  };
  const rows: TuneRow[] = [];
  const curve: TuneResult['curve'] = [];
  let users = Math.min(
    order.length,
    opts.minUsers ??
      Math.max(
        100,
        Math.ceil(order.length / eta ** Math.max(0, Math.ceil(Math.log(pool.length) / Math.log(eta)) - 1)),
      ),
  );
  let best: { c: Candidate; recall: number; ndcg: number; users: number } | null = null;
  let stoppedByBudget = false;
  for (let rung = 0; pool.length > 0; rung++) {
    const sub = order.subarray(0, users);
    const scored: Array<{ c: Candidate; recall: number; ndcg: number }> = [];
    for (const c of pool) {
      // The first candidate always runs, so a tiny budget still returns a measured config.
      if (elapsed() > opts.budgetSeconds && (scored.length > 0 || best)) {
        stoppedByBudget = true;
        break;
      }
      const s0 = performance.now();
      const model = await fitted(c);
      applyScoreConfig(model, Object.fromEntries(scoreNames.map((n) => [n, c.config[n]])));
      const m = validationMetrics(model, sub, val);
      const row = {
        rung,
        users: sub.length,
        config: c.config,
        recall: m.recall,
        ndcg: m.ndcg,
        seconds: (performance.now() - s0) / 1000,
      };
      rows.push(row);
      opts.onRow?.(row);
      scored.push({ c, ...m });
    }
    if (scored.length === 0) break;
    scored.sort((a, b) => b.ndcg - a.ndcg);
    const top = scored[0];
    // A partial rung only replaces the best when it measured on more users than the last complete one.
    if (!best || sub.length >= best.users) best = { ...top, users: sub.length };
    curve.push({ rung, users: sub.length, candidates: scored.length, recall: top.recall, ndcg: top.ndcg });
    if (stoppedByBudget || scored.length === 1 || users === order.length) break;
    pool = scored.slice(0, Math.max(1, Math.ceil(scored.length / eta))).map((s) => s.c);
    pool.sort((a, b) => (a.fitKey < b.fitKey ? -1 : a.fitKey > b.fitKey ? 1 : 0));
    users = Math.min(order.length, users * eta);
  }
  if (!best) throw new Error('tune: no candidate was evaluated');
  return {
    kind: space.kind,
    best: best.c.config,
    bestMetrics: { recall: best.recall, ndcg: best.ndcg, users: best.users },
    curve,
    rows,
    seconds: elapsed(),
    stoppedByBudget,
  };
}
