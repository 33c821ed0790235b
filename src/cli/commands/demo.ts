import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { defaultCacheDir } from '../../data/fetch/cache.ts';
import type { Dataset } from '../../data/types.ts';
import { defaultProtocol, getProtocol } from '../../eval/index.ts';
import { modelFactories } from '../../models/index.ts';
import { readManifest } from '../../models/io/manifest.ts';
import { demoData } from '../../serve/demo/data-source.ts';
import { predVsTrue } from '../../serve/demo/pred-vs-true.ts';
import { trainWithEarlyStopping } from '../../train/trainer.ts';
import type { Progress } from '../../util/progress.ts';
import { startServer } from '../../serve/start.ts';
import { openStore } from '../../store/open.ts';
import { stderrProgress } from '../../util/progress.ts';
import { parsePositiveInt } from '../output.ts';
import { annotateManifest, runSource, useDefaultBackend } from './model-run.ts';
import { parsePort } from './serve.ts';

interface DemoFlags {
  data?: string;
  offline?: boolean;
  port: number;
  host: string;
  store?: string;
  epochs: number;
  ratingEpochs: number;
  retrain?: boolean;
}

/** Ranking model of the demo, and rating models tried in order (the first registered one is trained). */
const RANKING_KIND = 'lightgcn';
const RATING_KINDS = ['hetero-sage', 'sage'];

/** Registers `gnnrec demo [--data DIR] [--port N] [--offline]`: data → store → train → serve the UI. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'The main job: get MovieLens latest-small (or --data, or synthetic offline), import it into the embedded store, train LightGCN and the rating model, serve the UI',
    )
    .option('--data <dir>', 'dataset folder to use instead of downloading MovieLens latest-small')
    .option('--offline', 'do not download; use synthetic data (unless --data)')
    .option('--port <n>', 'port', parsePort, 3000)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--store <url>', 'store URL (default: an embedded PGlite store in the cache folder)')
    .option(
      '--epochs <n>',
      'LightGCN epochs of 100 iterations (kept short so the demo trains in minutes on 2 cores)',
      parsePositiveInt('--epochs'),
      3,
    )
    .option('--rating-epochs <n>', 'rating model epochs', parsePositiveInt('--rating-epochs'), 8)
    .option('--retrain', 'train again even when the demo models for this data exist')
    .action(async (o: DemoFlags) => {
      await useDefaultBackend();
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      const home = join(defaultCacheDir(), 'demo');
      const progress = stderrProgress();

      log('1/4 data');
      const { dataset: loaded, source } = await demoData({
        ...(o.data ? { data: o.data } : {}),
        offline: Boolean(o.offline),
        progress,
        log,
      });
      log(
        `    using ${source}: ${loaded.users.size} users, ${loaded.items.size} items, ${loaded.interactions.user.length} ratings`,
      );

      log('2/4 store');
      const store = await openStore(o.store ?? `pglite://${join(home, `store-${loaded.name}`)}`);
      const imported = await store.importDataset(loaded, { progress });
      progress.end();
      const dataset = await store.readGraph();
      log(
        `    ${store.url}: ${imported.interactions.inserted} ratings new, ${imported.interactions.unchanged} unchanged; serving ${dataset.users.size} users, ${dataset.items.size} items`,
      );

      log('3/4 training');
      const kinds = [RANKING_KIND, RATING_KINDS.find((k) => modelFactories.has(k))].filter(
        (k): k is string => k !== undefined && modelFactories.has(k),
      );
      if (!kinds.some((k) => RATING_KINDS.includes(k)))
        log('    no rating model kind is registered yet: serving LightGCN only');
      const dirs: string[] = [];
      const storeUrl = store.url;
      for (const kind of kinds) {
        const dir = join(home, 'models', `${dataset.name}-${kind}`);
        dirs.push(dir);
        // Keyed on the source data, not the store: users onboarded since are folded in, no retraining needed.
        const sourceFingerprint = runSource({}, loaded, '', 1).fingerprint;
        if (!o.retrain && (await trainedOn(dir, sourceFingerprint))) {
          log(`    ${kind}: reusing ${dir} (--retrain to train again)`);
          continue;
        }
        log(`    ${kind}: training…`);
        const isRanking = kind === RANKING_KIND;
        const summary = await trainForServing({
          kind,
          dataset,
          storeUrl,
          sourceFingerprint,
          dir,
          epochs: isRanking ? o.epochs : o.ratingEpochs,
          // A short, faster-learning schedule: 100 iterations per epoch at a higher learning rate.
          config: isRanking ? { itersPerEpoch: 100, lr: 5e-3 } : {},
          progress,
          log,
        });
        const test = Object.entries(summary.metrics['test'] ?? {})
          .filter(([k]) => ['recall@20', 'ndcg@20', 'rmse', 'mae'].includes(k))
          .map(([k, v]) => `${k} ${v.toFixed(4)}`)
          .join(', ');
        log(`    ${kind}: ${summary.seconds.toFixed(1)} s, test ${test}`);
      }

      log('4/4 serving');
      const { url } = await startServer({ modelDirs: dirs, dataset, store, host: o.host, port: o.port, log });
      process.stdout.write(`\ngnnrec demo ready: open ${url}  (Ctrl-C to stop)\n`);
    });
}

/** Whether `dir` holds a model trained on exactly this data (same interactions fingerprint), so the demo can skip training. */
async function trainedOn(dir: string, fingerprint: string): Promise<boolean> {
  if (!existsSync(join(dir, 'manifest.json'))) return false;
  try {
    return (await readManifest(dir)).extra?.['demo_source'] === fingerprint;
  } catch {
    return false;
  }
}

interface TrainForServingOptions {
  kind: string;
  dataset: Dataset;
  storeUrl: string;
  /** Fingerprint of the data the demo imported (recorded so a rerun can reuse the model). */
  sourceFingerprint: string;
  dir: string;
  epochs: number;
  config: Record<string, unknown>;
  progress: Progress;
  log: (line: string) => void;
}

/**
 * Trains like `gnnrec train --store URL` (same protocol split, early-stopping trainer and manifest
 * annotation, so `gnnrec eval` works on the demo's models), logging each epoch, and adds the
 * predicted-vs-true table of rating models for the dashboard.
 */
async function trainForServing(
  o: TrainForServingOptions,
): Promise<{ seconds: number; metrics: Record<string, Record<string, number>> }> {
  const factory = modelFactories.get(o.kind)!;
  const seed = 1;
  const protocol = defaultProtocol(factory.task, o.dataset);
  const setup = getProtocol(protocol).prepare(o.dataset, seed);
  const base = factory.task === 'ranking' ? { ...setup.modelDefaults } : {};
  const model = factory.create(
    { ...base, ...o.config },
    { numUsers: setup.train.numUsers, numItems: setup.train.numItems },
  );
  const result = await trainWithEarlyStopping(model, setup.train, {
    seed,
    epochs: o.epochs,
    progress: o.progress,
    validate: () => setup.evaluate(model, 'val'),
    metric: setup.selectMetric,
    lowerIsBetter: setup.lowerIsBetter,
    patience: setup.patience,
    onEpoch: (r) => {
      o.progress.end();
      const v = r.val?.[setup.selectMetric];
      o.log(
        `      epoch ${r.epoch}/${o.epochs}: loss ${r.loss.toFixed(4)}${v === undefined ? '' : `, val ${setup.selectMetric} ${v.toFixed(4)}`} (${r.seconds.toFixed(1)} s)`,
      );
    },
  });
  const metrics = {
    val: result.bestVal ?? setup.evaluate(model, 'val'),
    test: setup.evaluate(model, 'test'),
  };
  await model.save(o.dir);
  const extra: Record<string, unknown> = {
    curve: result.curve,
    best_epoch: result.bestEpoch,
    train_seconds: result.seconds,
    demo_source: o.sourceFingerprint,
    ...(result.extra ?? {}),
  };
  if (factory.task === 'rating') extra['predVsTrue'] = predVsTrue(model, setup.test);
  await annotateManifest(o.dir, runSource({ store: o.storeUrl }, o.dataset, protocol, seed), metrics, extra);
  return { seconds: result.seconds, metrics };
}
