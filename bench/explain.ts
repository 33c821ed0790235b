// Fidelity of each explanation method against equal-size random and highest-degree baselines
// (`gnnrec bench explain --data D --json`, numbers in notes/issue-11.md):
//   node --import tsx bench/explain.ts --data ../shared/data/ml-latest-small [--models lightgcn,graph-filter,item2vec,dskreg]
// Applies the seed001 protocol (positives ≥ 3.5, random 80/10/10; the rating protocol for hetero-sage), fits each model on the training split, samples
// users (seeded) and explains each one's top `perUser` items (see src/explain/fidelity.ts for the definitions).
import { loadDataset } from '../src/data/load.ts';
import { getProtocol } from '../src/eval/index.ts';
import { findKind } from '../src/models/index.ts';
import { trainRun } from '../src/run/train.ts';
import { explainerFor } from '../src/explain/explain.ts';
import { fidelity, type FidelityResult } from '../src/explain/fidelity.ts';
import { Rng } from '../src/util/rng.ts';

/** Options of `runExplainBench`. */
export interface ExplainBenchOptions {
  data: string;
  models?: string[];
  /** Users sampled for the fidelity estimate (default 100). */
  users?: number;
  k?: number;
  size?: number;
  perUser?: number;
  /** Rank only items with at least this many training interactions (see `FidelityOptions.minItemDegree`). */
  minItemDegree?: number;
  seed?: number;
  /** Per-model config overrides, e.g. `{ lightgcn: { epochs: 30 } }`. */
  configs?: Record<string, Record<string, unknown>>;
  log?: (line: string) => void;
}

/** Default training budgets: enough for stable top-K lists on 2 shared cores. */
const DEFAULT_CONFIGS: Record<string, Record<string, unknown>> = {
  lightgcn: { epochs: 10 },
  'graph-filter': {},
  item2vec: {},
  dskreg: { epochs: 3 },
  // Hashed titles: no sentence-embedding download inside a benchmark.
  'hetero-sage': { epochs: 8, featureCache: '', features: { title: 'hash' } },
};

/** Trains each model on the seed001 split and measures its explanations' fidelity. */
export async function runExplainBench(
  o: ExplainBenchOptions,
): Promise<{ methods: FidelityResult[]; setup: Record<string, unknown> }> {
  const seed = o.seed ?? 1;
  const log = o.log ?? (() => {});
  const ds = await loadDataset(o.data);
  const ranking = getProtocol('seed001').prepare(ds, seed).train;
  const rng = new Rng(seed).fork(11);
  const all = Array.from({ length: ranking.numUsers }, (_, u) => u);
  for (let t = all.length - 1; t > 0; t--) {
    const r = rng.int(t + 1);
    [all[t], all[r]] = [all[r], all[t]];
  }
  const users = Int32Array.from(all.slice(0, o.users ?? 100));
  const methods: FidelityResult[] = [];
  for (const kind of o.models ?? ['lightgcn', 'graph-filter', 'item2vec']) {
    const f = findKind(kind);
    if (!f) throw new Error(`bench explain: unknown model '${kind}'`);
    const cfg = { ...(DEFAULT_CONFIGS[kind] ?? {}), ...(o.configs?.[kind] ?? {}) };
    const { epochs, ...rest } = cfg;
    // The run layer (`gnnrec train`), without validation: a fixed budget, not early stopping. Rating models explain
    // predicted ratings on the rating protocol's split (all ratings are edges).
    const run = await trainRun({
      kind,
      dataset: ds,
      protocol: f.task === 'rating' ? 'rating' : 'seed001',
      seed,
      config: rest,
      ...(typeof epochs === 'number' ? { epochs } : {}),
      validate: false,
    });
    const { model } = run;
    const td = run.setup.train;
    const degree = new Float64Array(td.numItems);
    for (const i of td.train.item) degree[i]++;
    const userDegree = new Float64Array(td.numUsers);
    for (const u of td.train.user) userDegree[u]++;
    log(`${kind}: fitted in ${run.summary.train_seconds.toFixed(1)} s`);
    const r = fidelity(explainerFor(model), {
      users,
      k: o.k ?? 10,
      size: o.size ?? 5,
      perUser: o.perUser ?? 3,
      itemDegree: degree,
      userDegree,
      minItemDegree: o.minItemDegree,
      seed,
    });
    log(`${kind}: ${JSON.stringify(r)}`);
    methods.push(r);
  }
  return {
    methods,
    setup: {
      dataset: ds.name,
      protocol: 'seed001 (rating for rating models)',
      seed,
      users: users.length,
      k: o.k ?? 10,
      size: o.size ?? 5,
      per_user: o.perUser ?? 3,
      min_item_degree: o.minItemDegree ?? 0,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): string | undefined => {
    const p = process.argv.indexOf(name);
    return p >= 0 ? process.argv[p + 1] : undefined;
  };
  const res = await runExplainBench({
    data: arg('--data') ?? '../shared/data/ml-latest-small',
    models: arg('--models')?.split(','),
    users: arg('--users') ? Number(arg('--users')) : undefined,
    minItemDegree: arg('--min-item-degree') ? Number(arg('--min-item-degree')) : undefined,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${JSON.stringify(res)}\n`);
}
