// Onboarding benchmark (issue 19): how well each model kind serves a brand-new user from N ratings.
//   node --import tsx bench/onboard.ts [--data DIR] [--seed 1] [--history 5,10,20] [--models a,b] [--phase val|test|both] [--json]
// Protocol `onboard` (src/eval/onboard-split.ts): a seeded 20 % of users leaves training; each gives N random
// ratings (any value) as history and is scored on its other ratings ≥ 3.5, every item outside the history ranked.
// Validation carves a further 20 % out of the training users (never the held-out test users); defaults are
// chosen on `val` and then reported once on `test`. Numbers are noisy only in time: 2 shared cores.
import { loadDataset } from '../src/data/load.ts';
import type { Dataset } from '../src/data/types.ts';
import { evaluateOnboard, type HistoryPolicy } from '../src/eval/onboard.ts';
import { onboardSplit, type OnboardSplit } from '../src/eval/onboard-split.ts';
import { BASELINE_EASE_CONFIG } from '../src/models/ease/config.ts';
import { findKind } from '../src/models/index.ts';
import type { ModelFactory } from '../src/models/registry.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';

/** One candidate: a model kind with a config and a fold-in history policy. */
export interface Candidate {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  policy: HistoryPolicy;
  epochs?: number;
}

/** The candidates measured by default (names are what the tables show). */
export const CANDIDATES: Candidate[] = [
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

function factory(kind: string): ModelFactory {
  const f = findKind(kind);
  if (!f) throw new Error(`unknown model kind '${kind}'`);
  return f;
}

/** Fits a candidate on a split's training users and evaluates its held-out users. */
export async function runCandidate(
  ds: Dataset,
  split: OnboardSplit,
  c: Candidate,
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

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  await setBackend('wasm');
  const dir = arg('data') ?? '../shared/data/ml-latest-small';
  const seed = Number(arg('seed') ?? 1);
  const ns = (arg('history') ?? '5,10,20').split(',').map(Number);
  const only = arg('models')?.split(',');
  const phase = arg('phase') ?? 'both';
  const json = process.argv.includes('--json');
  const ds = await loadDataset(dir);
  const cands = only ? CANDIDATES.filter((c) => only.some((o) => c.name === o || c.kind === o)) : CANDIDATES;
  const rows: Array<{
    n: number;
    phase: string;
    model: string;
    kind: string;
    policy: string;
    metrics: Record<string, number>;
  }> = [];
  for (const n of ns) {
    const test = onboardSplit(ds, { seed, history: n });
    // Validation users come from the training users only; the test users stay unseen until the test phase.
    const val = onboardSplit(ds, { seed: seed + 1000, history: n, among: test.trainUsers });
    for (const [name, split] of [
      ['val', val],
      ['test', test],
    ] as const) {
      if (phase !== 'both' && phase !== name) continue;
      for (const c of cands) {
        const metrics = await runCandidate(ds, split, c, seed);
        rows.push({ n, phase: name, model: c.name, kind: c.kind, policy: c.policy, metrics });
        (json ? process.stderr : process.stdout).write(
          `N=${n} ${name} ${c.name.padEnd(26)} recall@20 ${metrics['recall@20']!.toFixed(4)} ndcg@20 ${metrics['ndcg@20']!.toFixed(4)} coverage ${metrics['coverage@20']!.toFixed(4)} pop-rank ${metrics['popularity_rank@20']!.toFixed(0)} users ${metrics['users']} fit ${metrics['fit_seconds']} s\n`,
        );
      }
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ dataset: ds.name, seed, k: 20, rows })}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
