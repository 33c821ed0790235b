// Heterogeneous GraphSAGE rating prediction (issue 7) on the `rating` protocol: random 80/10/10 split of
// rating edges, message passing over training edges only, early stopping on validation RMSE, test RMSE/MAE.
//   node --import tsx bench/sage.ts [--data DIR] [--seed 1] [--config '{"loss":"weighted"}'] [--wasm 2]
//                                   [--out DIR] [--user RAW_ID] [--item-meta-from DIR] [--json]
// DIR: ../shared/data/ml-latest-small (default), ../shared/data/movies-dataset, or an anime folder.
// Trains through trainRun (train_seconds excludes validation). Prints per-epoch loss / validation RMSE / seconds to
// stderr, then test RMSE and MAE, the mean epoch time, the predicted-vs-true table and a top-10 for one user;
// --out also saves the model folder through saveRun (manifest `extra` holds the EDA and predicted-vs-true tables for
// the UI). Timings depend on load of the shared 2-core box.
import { resolve } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { setBackend } from '../src/tensor/index.ts';
import type { HeteroSageModel } from '../src/models/sage/model.ts';
import { saveRun, trainRun } from '../src/run/index.ts';
import { predictedVsTrue } from '../src/models/sage/eda.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}

const dataDir = resolve(arg('--data', '../shared/data/ml-latest-small'));
const seed = Number(arg('--seed', '1'));
const config = JSON.parse(arg('--config', '{}')) as Record<string, unknown>;
const threads = Number(arg('--wasm', '0'));
const out = arg('--out', '');
const json = process.argv.includes('--json');

const backend = threads > 0 ? await setBackend('wasm', { threads }) : 'js';
const ds = await loadDataset(dataDir);
// The Movies Dataset's movies_metadata.csv is not available here: --item-meta-from borrows titles/genres/years
// by movieId from another MovieLens folder (ml-latest-small's movies.csv), as the data README suggests.
const metaFrom = arg('--item-meta-from', '');
let borrowed = 0;
if (metaFrom) {
  const donor = await loadDataset(resolve(metaFrom));
  for (let i = 0; i < ds.items.size; i++) {
    const j = donor.items.get(ds.items.raw(i));
    if (j !== undefined && !ds.itemMeta[i]?.title) {
      // Keep this dataset's own numeric fields; take title, genres and year from the donor.
      ds.itemMeta[i] = { ...donor.itemMeta[j], numeric: ds.itemMeta[i]?.numeric ?? {} };
      borrowed++;
    }
  }
  process.stderr.write(`item metadata borrowed from ${metaFrom} for ${borrowed} of ${ds.items.size} items\n`);
}
// Through the run layer: the rating split of `seed`, the kind's schema defaults under --config, the shared early-stopping
// loop (validation RMSE every epoch, patience 5, best epoch restored), test once.
const run = await trainRun({
  kind: 'hetero-sage',
  source: { data: dataDir },
  dataset: ds,
  protocol: 'rating',
  defaults: 'schema',
  config,
  seed,
  onEpoch: (r) => {
    process.stderr.write(
      `epoch ${r.epoch} loss ${r.loss.toFixed(4)} val_rmse ${r.val?.rmse.toFixed(4)} ${r.seconds.toFixed(2)}s\n`,
    );
  },
});
const { setup } = run;
const model = run.model as HeteroSageModel;
const { val, test } = run.summary.metrics;
const pred = model.predict(setup.test.user, setup.test.item);
const table = predictedVsTrue(pred, setup.test.rating, 1);
// Per-true-rating RMSE and its unweighted mean (macro RMSE): what the class-weighted loss trades overall RMSE for.
const byRating = new Map<number, { se: number; n: number }>();
setup.test.rating.forEach((t, k) => {
  const a = byRating.get(t) ?? { se: 0, n: 0 };
  a.se += (pred[k] - t) ** 2;
  a.n++;
  byRating.set(t, a);
});
const rmseByRating = Object.fromEntries(
  [...byRating].sort((a, b) => a[0] - b[0]).map(([t, a]) => [String(t), Math.sqrt(a.se / a.n)]),
);
const macroRmse = Object.values(rmseByRating).reduce((s, v) => s + v, 0) / Math.max(1, byRating.size);
const rawUser = arg('--user', ds.users.raw(0));
const u = ds.users.get(rawUser) ?? 0;
const top = model.recommend(Int32Array.of(u), { k: 10 });
const topList = Array.from(top.items, (i, r) => ({
  item: ds.items.raw(i),
  title: ds.itemMeta[i]?.title ?? '',
  predicted: top.scores[r],
}));
const epochSeconds = run.curve.reduce((s, r) => s + r.seconds, 0) / Math.max(1, run.curve.length);
if (out)
  await saveRun(run, out, {
    metrics: { val, test },
    predictedVsTrue: table,
    topK: { user: rawUser, items: topList },
  });
const result = {
  model: model.kind,
  dataset: {
    name: ds.name,
    users: ds.users.size,
    items: ds.items.size,
    interactions: ds.interactions.user.length,
  },
  protocol: 'rating',
  seed,
  backend,
  config: model.config,
  item_meta_borrowed: metaFrom ? borrowed : undefined,
  features: model.info.features
    ? { cols: model.info.features.cols, title: model.info.features.titleEncoder }
    : null,
  epochs: run.summary.epochs,
  best_epoch: run.summary.best_epoch,
  train_seconds: run.summary.train_seconds,
  epoch_seconds: epochSeconds,
  metrics: { val, test: { ...test, macro_rmse: macroRmse } },
  rmse_by_rating: rmseByRating,
};
if (json) console.log(JSON.stringify({ ...result, predicted_vs_true: table, top10: topList }));
else {
  console.log(JSON.stringify(result, null, 1));
  console.log('predicted (rounded) vs true rating, test pairs:');
  for (const r of table.rows) console.log(`  true ${r.truth}: ${JSON.stringify(r.predicted)}`);
  console.log(`top-10 unseen for user ${rawUser}:`);
  for (const t of topList) console.log(`  ${t.predicted.toFixed(2)}  ${t.title}`);
}
