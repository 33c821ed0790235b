// Reproduces the graph-filter numbers of notes/issue-6.md:
//   node --import tsx bench/graph-filter.ts [--gowalla DIR] [--ml DIR] [--only gowalla|ml] [--config JSON] [--backend wasm|js] [--json]
// Per dataset: apply the protocol (lightgcn for Gowalla, seed001 for MovieLens latest-small), fit the graph
// filter on train+validation (a training-free model has nothing to early-stop, so validation only serves the
// hyper-parameter grid of bench/graph-filter-tune.ts), then evaluate test with training and validation items
// excluded. Times fit and the full test evaluation separately. Numbers are noisy: 2 shared cores.
import { loadDataset } from '../src/data/load.ts';
import type { GraphFilter } from '../src/models/graph-filter/model.ts';
import { trainRun } from '../src/run/train.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';

/** Concatenation of two interaction sets (train + validation); the run layer's, re-exported for older callers. */
export { concatInteractions } from '../src/run/fit-data.ts';

/** Result of one dataset run. */
export interface BenchRow {
  dataset: string;
  protocol: string;
  config: Record<string, unknown>;
  fit_seconds: number;
  eval_seconds: number;
  /** CPU seconds (user+system) of split + fit + evaluation: the machine is shared, so wall time overstates the cost. */
  cpu_seconds: number;
  test: Record<string, number>;
  peak_rss_mb: number;
}

/** Fits on train+val and evaluates test for one dataset folder and protocol. */
export async function runOne(
  dir: string,
  protocol: string,
  config: Record<string, unknown>,
  seed = 1,
): Promise<BenchRow> {
  const ds = await loadDataset(dir);
  const c0 = process.cpuUsage();
  // The run layer (`gnnrec train --fit-on train+validation`): split, config, one fit, test @20 timed apart.
  const run = await trainRun({
    kind: 'graph-filter',
    dataset: ds,
    protocol,
    seed,
    config,
    fitOn: 'train+validation',
    cutoffs: [20],
  });
  const cpu = process.cpuUsage(c0);
  const model = run.model as GraphFilter;
  return {
    dataset: ds.name,
    protocol,
    config: { ...model.config },
    fit_seconds: run.summary.train_seconds,
    eval_seconds: run.testSeconds,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    test: run.summary.metrics.test,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  // The dense low-pass product and the evaluation's top-k run on the backend (wasm unless --backend js).
  await setBackend((arg('backend') ?? 'wasm') as 'js' | 'wasm');
  const only = arg('only');
  const config = JSON.parse(arg('config') ?? '{}') as Record<string, unknown>;
  const rows: BenchRow[] = [];
  const ml = arg('ml') ?? '../shared/data/ml-latest-small';
  if (only !== 'gowalla') {
    rows.push(await runOne(ml, 'seed001', config));
    // BSPM (sharpening on top of GF-CF), with the setting the seed001 validation grid picked.
    rows.push(
      await runOne(ml, 'seed001', {
        variant: 'bspm',
        alpha: 0.1,
        sharpenT: 1,
        sharpenSteps: 1,
        solver: 'rk4',
        ...config,
      }),
    );
  }
  if (only !== 'ml') rows.push(await runOne(arg('gowalla') ?? '../shared/data/gowalla', 'lightgcn', config));
  if (process.argv.includes('--json')) console.log(JSON.stringify({ rows }));
  else for (const r of rows) console.log(JSON.stringify(r));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
