// One row of bench/accuracy-tables.ts, in its own process so that its peak RSS is its own:
//   node --import tsx bench/accuracy-row.ts --data DIR --protocol P --model M [--config JSON] [--seed 1] [--json]
// Training-free kinds (graph filters, popular, ease) fit on train + validation (validation only chose their
// hyper-parameters); trained kinds fit on train with early stopping on validation, as `gnnrec train` does. Test is
// evaluated once. Prints one JSON line: metrics, fit and evaluation wall seconds, CPU seconds (all threads), peak RSS.
// `auto` config values (`{"auto":"120s"}`) are searched first on the validation part; the row then carries the
// chosen config and its validation metrics (the validation→test gap) and the search's seconds.
import { loadDataset } from '../src/data/load.ts';
import { getProtocol } from '../src/eval/index.ts';
import { findKind, resolveConfig } from '../src/models/index.ts';
import { trainWithEarlyStopping } from '../src/train/trainer.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { resolveAuto } from '../src/tune/resolve-auto.ts';
import { fitData } from '../src/run/fit-data.ts';

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
  const setup = getProtocol(protocolName).prepare(ds, seed);
  const raw: Record<string, unknown> = {
    // The kind's share of the protocol's prescription (LightGCN-style BPR keys), as `gnnrec train` does.
    ...(factory.protocolDefaults?.(setup) ?? {}),
    ...(JSON.parse(arg('config', '{}') ?? '{}') as Record<string, unknown>),
  };
  // `auto` values are searched on the validation part (fitted on train only), as `gnnrec train` does; the search's
  // time is reported apart from the fit of the chosen config.
  const a0 = performance.now();
  const { config, auto } = await resolveAuto(factory.kind, raw, setup, seed);
  const autoSeconds = (performance.now() - a0) / 1000;
  const model = factory.create(resolveConfig(factory, config), {
    numUsers: setup.train.numUsers,
    numItems: setup.train.numItems,
  });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let epochs = 1;
  // Kinds with nothing to early-stop fit once on train + validation.
  if (factory.capabilities.trainingFree) await model.fit(fitData(setup, 'train+validation'), { seed });
  else {
    const r = await trainWithEarlyStopping(model, setup.train, {
      seed,
      validate: () => setup.evaluate(model, 'val'),
      metric: setup.selectMetric,
      lowerIsBetter: setup.lowerIsBetter,
      patience: setup.patience,
    });
    epochs = r.epochs;
  }
  const t1 = performance.now();
  const test = setup.evaluate(model, 'test');
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  const row = {
    dataset: ds.name,
    protocol: protocolName,
    model: kind,
    config: JSON.parse(arg('config', '{}') ?? '{}') as Record<string, unknown>,
    seed,
    epochs,
    test,
    ...(auto
      ? { auto: { config: auto.config, val: auto.val, search_seconds: +autoSeconds.toFixed(1) } }
      : {}),
    fit_seconds: +((t1 - t0) / 1000).toFixed(2),
    eval_seconds: +((t2 - t1) / 1000).toFixed(2),
    cpu_seconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(row));
  // Helper threads of the graph filters' linear term would keep the process alive.
  process.exit(0);
}

await main();
