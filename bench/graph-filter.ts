// Reproduces the graph-filter numbers of notes/issue-6.md:
//   node --import tsx bench/graph-filter.ts [--gowalla DIR] [--ml DIR] [--only gowalla|ml] [--config JSON] [--backend wasm|js] [--json]
// Per dataset: apply the protocol (lightgcn for Gowalla, seed001 for MovieLens latest-small), fit the graph
// filter on train+validation (a training-free model has nothing to early-stop, so validation only serves the
// hyper-parameter grid of bench/graph-filter-tune.ts), then evaluate test with training and validation items
// excluded. Times fit and the full test evaluation separately. Numbers are noisy: 2 shared cores.
import { loadDataset } from '../src/data/load.ts';
import { getProtocol } from '../src/eval/index.ts';
import type { Interactions } from '../src/data/types.ts';
import { GraphFilter } from '../src/models/graph-filter/model.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';

/** Concatenation of two interaction sets (train + validation). */
export function concatInteractions(a: Interactions, b: Interactions): Interactions {
  const cat = <T extends Int32Array | Float32Array>(x: T, y: T, mk: (n: number) => T): T => {
    const out = mk(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return {
    user: cat(a.user, b.user, (n) => new Int32Array(n)),
    item: cat(a.item, b.item, (n) => new Int32Array(n)),
    rating: cat(a.rating, b.rating, (n) => new Float32Array(n)),
    timestamp: null,
  };
}

/** Result of one dataset run. */
export interface BenchRow {
  dataset: string;
  protocol: string;
  config: Record<string, unknown>;
  fit_seconds: number;
  eval_seconds: number;
  /** CPU seconds (user+system) of fit + evaluation: the machine is shared, so wall time overstates the cost. */
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
  const setup = getProtocol(protocol).prepare(ds, seed);
  const train = concatInteractions(setup.train.train, setup.val);
  const model = new GraphFilter(setup.train.numUsers, setup.train.numItems, config);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await model.fit({ ...setup.train, train, val: undefined }, { seed });
  const t1 = performance.now();
  const test = setup.evaluate(model, 'test', [20]);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  return {
    dataset: ds.name,
    protocol,
    config: { ...model.config },
    fit_seconds: (t1 - t0) / 1000,
    eval_seconds: (t2 - t1) / 1000,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    test,
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
