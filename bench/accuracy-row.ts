// One row of bench/accuracy-tables.ts, in its own process so that its peak RSS is its own:
//   node --import tsx bench/accuracy-row.ts --data DIR --protocol P --model M [--config JSON] [--seed 1] [--json]
// Training-free kinds (graph filters, popular, ease) fit on train + validation (validation only chose their
// hyper-parameters); trained kinds fit on train with early stopping on validation, as `gnnrec train` does. Test is
// evaluated once, all through the run layer (`trainRun`). Prints one JSON line: metrics, fit and evaluation wall
// seconds, CPU seconds (all threads; on `auto` rows they include the search), peak RSS.
// `auto` config values (`{"auto":"120s"}`) are searched first on the validation part; the row then carries the
// chosen config and its validation metrics (the validation→test gap) and the search's seconds.
import { loadDataset } from '../src/data/load.ts';
import { getProtocol } from '../src/eval/index.ts';
import { findKind } from '../src/models/index.ts';
import { trainRun } from '../src/run/train.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';

function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

async function main(): Promise<void> {
  await setBackend('wasm');
  const dir = arg('data') ?? '';
  const protocolName = arg('protocol') ?? 'seed001';
  const kind = arg('model') ?? 'graph-filter';
  const seed = Number(arg('seed', '1'));
  const factory = findKind(kind);
  if (!factory) throw new Error(`unknown model ${kind}`);
  const ds = await loadDataset(dir);
  // The split is made before the clock starts, as the row has always measured (fit, search and test only).
  const setup = getProtocol(protocolName).prepare(ds, seed);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // Training-free kinds fit once on train + validation; trained kinds early-stop on validation (`gnnrec train`).
  const run = await trainRun({
    kind,
    dataset: ds,
    protocol: protocolName,
    setup,
    seed,
    config: JSON.parse(arg('config', '{}') ?? '{}') as Record<string, unknown>,
    fitOn: factory.capabilities.trainingFree ? 'train+validation' : 'train',
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const { summary, testSeconds } = run;
  const auto = summary['auto'] as
    { config: Record<string, unknown>; val: Record<string, number> } | undefined;
  // What the run spent outside the fit and the test: the `auto` search (training-free kinds) or the per-epoch
  // validation (trained kinds), which the row counts in the fit as it always has.
  const rest = wall - summary.train_seconds - testSeconds;
  const fitSeconds = auto ? summary.train_seconds : wall - testSeconds;
  const test = summary.metrics.test;
  const epochs = summary.epochs;
  const row = {
    dataset: ds.name,
    protocol: protocolName,
    model: kind,
    config: JSON.parse(arg('config', '{}') ?? '{}') as Record<string, unknown>,
    seed,
    epochs,
    test,
    ...(auto ? { auto: { config: auto.config, val: auto.val, search_seconds: +rest.toFixed(1) } } : {}),
    fit_seconds: +fitSeconds.toFixed(2),
    eval_seconds: +testSeconds.toFixed(2),
    cpu_seconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(row));
  // Helper threads of the graph filters' linear term would keep the process alive.
  process.exit(0);
}

await main();
