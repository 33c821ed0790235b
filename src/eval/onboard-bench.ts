import { loadDataset } from '../data/load.ts';
import type { Dataset } from '../data/types.ts';
import { BASELINE_EASE_CONFIG } from '../models/ease/config.ts';
import { findKind } from '../models/index.ts';
import type { ModelFactory } from '../models/registry.ts';
import { UsageError } from '../util/errors.ts';
import { evaluateOnboard, type HistoryPolicy } from './onboard.ts';
import { onboardSplit, type OnboardSplit } from './onboard-split.ts';

/** One candidate: a model kind with a config and a fold-in history policy. */
export interface OnboardCandidate {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  policy: HistoryPolicy;
  epochs?: number;
}

/** The candidates measured by default: every kind that can serve a new user, next to popularity and binary EASE. */
export const ONBOARD_CANDIDATES: readonly OnboardCandidate[] = [
  { name: 'popular', kind: 'popular', config: {}, policy: 'all' },
  { name: 'ease λ=1000 (baseline)', kind: 'ease', config: { ...BASELINE_EASE_CONFIG }, policy: 'all' },
  { name: 'graph-filter', kind: 'graph-filter', config: {}, policy: 'all' },
  { name: 'graph-filter liked', kind: 'graph-filter', config: {}, policy: 'liked' },
  { name: 'lightgcn', kind: 'lightgcn', config: { itersPerEpoch: 100, lr: 5e-3 }, policy: 'all', epochs: 10 },
  { name: 'mf-bpr', kind: 'mf-bpr', config: { itersPerEpoch: 100, lr: 5e-3 }, policy: 'all', epochs: 10 },
  { name: 'item2vec', kind: 'item2vec', config: {}, policy: 'all' },
  { name: 'ease rating² (no filter)', kind: 'ease', config: { filterBlend: 0 }, policy: 'all' },
  { name: 'ease default (rating², +0.25 GF-CF)', kind: 'ease', config: {}, policy: 'all' },
];

/** One row of the onboarding table: a candidate's metrics at one history length N on one phase. */
export interface OnboardRow {
  n: number;
  phase: 'val' | 'test';
  model: string;
  kind: string;
  policy: HistoryPolicy;
  metrics: Record<string, number>;
}

/** Options of `runOnboardBench`. */
export interface OnboardBenchOptions {
  /** Dataset folder (MovieLens layout or any format `loadDataset` reads). */
  data: string;
  seed?: number;
  /** History lengths N (default 5, 10, 20). */
  history?: readonly number[];
  /** Candidate names or kinds to keep (default all). */
  models?: readonly string[];
  /** `val` (choose defaults), `test` (report once) or both (default). */
  phase?: 'val' | 'test' | 'both';
  /** Progress lines (one per row). */
  log?: (line: string) => void;
}

function factory(kind: string): ModelFactory {
  const f = findKind(kind);
  if (!f) throw new UsageError(`unknown model kind '${kind}'`);
  return f;
}

/** Fits a candidate on a split's training users and evaluates its held-out users (Recall/NDCG/coverage/pop rank @20). */
export async function runOnboardCandidate(
  ds: Dataset,
  split: OnboardSplit,
  c: OnboardCandidate,
  seed: number,
): Promise<Record<string, number>> {
  const sizes = { numUsers: ds.users.size, numItems: ds.items.size };
  const model = factory(c.kind).create(c.config, sizes);
  const t0 = performance.now();
  await model.fit(
    { ...sizes, train: split.train, dataset: ds },
    { seed, ...(c.epochs ? { epochs: c.epochs } : {}) },
  );
  const fit = (performance.now() - t0) / 1000;
  const popularity = new Float32Array(ds.items.size);
  for (const i of split.train.item) popularity[i]!++;
  const t1 = performance.now();
  const m = evaluateOnboard(model, split.heldOut, { k: 20, policy: c.policy, popularity });
  return { ...m, fit_seconds: round(fit), eval_seconds: round((performance.now() - t1) / 1000) };
}

/**
 * The onboarding protocol's table: for each N, a seeded 20 % of users leaves training and is scored from N of its
 * ratings (test); validation users are a further 20 % of the training users (never the test users), so defaults
 * are chosen on `val` and reported once on `test`.
 */
export async function runOnboardBench(
  o: OnboardBenchOptions,
): Promise<{ dataset: string; seed: number; k: number; rows: OnboardRow[] }> {
  const seed = o.seed ?? 1;
  const phase = o.phase ?? 'both';
  const ds = await loadDataset(o.data);
  const only = o.models;
  const cands = only
    ? ONBOARD_CANDIDATES.filter((c) => only.some((m) => c.name === m || c.kind === m))
    : ONBOARD_CANDIDATES;
  if (cands.length === 0)
    throw new UsageError(
      `--models ${only!.join(',')}: no onboarding candidate matches (kinds: ${[...new Set(ONBOARD_CANDIDATES.map((c) => c.kind))].join(', ')})`,
    );
  const rows: OnboardRow[] = [];
  for (const n of o.history ?? [5, 10, 20]) {
    const test = onboardSplit(ds, { seed, history: n });
    // Validation users come from the training users only; the test users stay unseen until the test phase.
    const val = onboardSplit(ds, { seed: seed + 1000, history: n, among: test.trainUsers });
    for (const [name, split] of [
      ['val', val],
      ['test', test],
    ] as const) {
      if (phase !== 'both' && phase !== name) continue;
      for (const c of cands) {
        const metrics = await runOnboardCandidate(ds, split, c, seed);
        rows.push({ n, phase: name, model: c.name, kind: c.kind, policy: c.policy, metrics });
        o.log?.(
          `N=${n} ${name} ${c.name.padEnd(26)} recall@20 ${metrics['recall@20']!.toFixed(4)} ndcg@20 ${metrics['ndcg@20']!.toFixed(4)} coverage ${metrics['coverage@20']!.toFixed(4)} pop-rank ${metrics['popularity_rank@20']!.toFixed(0)} users ${metrics['users']} fit ${metrics['fit_seconds']} s`,
        );
      }
    }
  }
  return { dataset: ds.name, seed, k: 20, rows };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
