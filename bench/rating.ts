// Rating regression on latest-small's `rating` protocol (random 80/10/10 of rating edges, issue 22): per seed, the
// `rating-blend` model (default: hetero GraphSAGE + two SVD++ fits, each early-stopped on validation, weights least
// squares on validation) with each member's own test RMSE beside the blend's, then mean and std over the seeds.
//   nice -n 10 node --import tsx bench/rating.ts [--data DIR] [--seeds 1,2,3] [--config JSON] [--json]
// Trains through trainRun. Reports wall seconds of each fit, CPU seconds of the run (split, fit, test; process CPU:
// both threads) and the load average before and after.
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { loadDataset } from '../src/data/load.ts';
import type { RatingBlend } from '../src/models/rating-blend/model.ts';
import { fitBlendWeights, type BlendWeights } from '../src/models/rating-blend/weights.ts';
import { trainRun } from '../src/run/index.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}

const dataDir = resolve(arg('--data', '../shared/data/ml-latest-small'));
const seeds = arg('--seeds', '1,2,3').split(',').map(Number);
const config = JSON.parse(arg('--config', '{}')) as Record<string, unknown>;
const ds = await loadDataset(dataDir);

function rmse(p: Float32Array, t: Float32Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += (p[k] - t[k]) ** 2;
  return Math.sqrt(s / Math.max(1, p.length));
}

function meanStd(a: number[]): { mean: number; std: number } {
  const m = a.reduce((s, v) => s + v, 0) / a.length;
  const v = a.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, a.length - 1);
  return { mean: m, std: Math.sqrt(v) };
}

interface Row {
  seed: number;
  test: Record<string, number>;
  val: Record<string, number>;
  blend: unknown;
  fitSeconds: number;
  cpuSeconds: number;
  memberSeconds: unknown;
  load: [number, number];
}

const rows: Row[] = [];
for (const seed of seeds) {
  const load0 = loadavg()[0];
  const cpu0 = process.cpuUsage();
  // The blend's own defaults under --config (members early-stopped on validation inside its fit), test once.
  const run = await trainRun({
    kind: 'rating-blend',
    source: { data: dataDir },
    dataset: ds,
    protocol: 'rating',
    defaults: 'schema',
    config,
    seed,
  });
  const cpu = process.cpuUsage(cpu0);
  const { setup } = run;
  const model = run.model as RatingBlend;
  const kinds = Object.keys(model.config.members);
  // Blends of every subset of two or more members, weights fitted on validation as the model does (the full set
  // is the model itself): what each member adds, measured without refitting anything.
  const valPred = model.members.map((m) => m.predict(setup.val.user, setup.val.item));
  const testPred = model.members.map((m) => m.predict(setup.test.user, setup.test.item));
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << kinds.length; mask++) {
    const set = kinds.map((_, k) => k).filter((k) => mask & (1 << k));
    if (set.length >= 2 && set.length < kinds.length) subsets.push(set);
  }
  const subsetWeights = subsets.map((set) =>
    fitBlendWeights(
      set.map((k) => valPred[k]),
      setup.val.rating,
    ),
  );
  const [lo, hi] = model.range;
  const blendOf = (set: number[], w: BlendWeights, preds: Float32Array[]): Float32Array =>
    preds[0].map((_, r) =>
      Math.min(
        hi,
        Math.max(
          lo,
          set.reduce((s, k, j) => s + w.weights[j] * preds[k][r], w.intercept),
        ),
      ),
    );
  const part = (p: typeof setup.val, preds: Float32Array[]): Record<string, number> => ({
    blend: rmse(model.predict(p.user, p.item), p.rating),
    ...Object.fromEntries(model.members.map((_, k) => [kinds[k], rmse(preds[k], p.rating)])),
    ...Object.fromEntries(
      subsets.map((set, j) => [
        set.map((k) => kinds[k]).join('+'),
        rmse(blendOf(set, subsetWeights[j], preds), p.rating),
      ]),
    ),
  });
  const row: Row = {
    seed,
    test: part(setup.test, testPred),
    val: part(setup.val, valPred),
    blend: model.blend,
    fitSeconds: run.summary.train_seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    memberSeconds: run.summary['members'],
    load: [load0, loadavg()[0]],
  };
  rows.push(row);
  process.stderr.write(JSON.stringify(row) + '\n');
}

const names = Object.keys(rows[0].test);
const summary = Object.fromEntries(
  names.map((n) => [
    n,
    { test: meanStd(rows.map((r) => r.test[n])), val: meanStd(rows.map((r) => r.val[n])) },
  ]),
);
if (process.argv.includes('--json')) console.log(JSON.stringify({ seeds, config, rows, summary }));
else {
  console.log(
    `latest-small rating protocol, seeds ${seeds.join(',')} (test RMSE mean ± std; validation in brackets)`,
  );
  for (const n of names) {
    const s = summary[n];
    console.log(
      `  ${n.padEnd(12)} ${s.test.mean.toFixed(4)} ± ${s.test.std.toFixed(4)}  [val ${s.val.mean.toFixed(4)}]`,
    );
  }
  const fit = meanStd(rows.map((r) => r.fitSeconds));
  const cpu = meanStd(rows.map((r) => r.cpuSeconds));
  const loads = rows.flatMap((r) => r.load);
  console.log(
    `  fit ${fit.mean.toFixed(0)} s wall, ${cpu.mean.toFixed(0)} CPU s per seed; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
}
