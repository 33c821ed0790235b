import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Dataset } from '../../data/types.ts';
import type { Progress } from '../../util/progress.ts';
import { UsageError } from '../../util/errors.ts';
import { parsePositiveInt } from '../output.ts';
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

/** The demo's second ranking model (the first is the new-user default); the rating model is the registry's. */
const RANKING_KIND = 'lightgcn';

/** Registers `gnnrec demo [--data DIR] [--port N] [--offline]`: data → store → train → serve the UI. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'The main job: find MovieLens latest-small (--data, $GNNREC_DATA, the fetch cache, ../shared/data; else download; else synthetic), import it into the embedded store, train the new-user model (EASE), LightGCN and the rating model on all the data, serve the UI',
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
      // Heavy modules (models, store, server) load when the demo runs, not when the CLI starts.
      const { defaultCacheDir } = await import('../../data/fetch/cache.ts');
      const { demoData, SYNTHETIC_NOTICE } = await import('../../serve/demo/data-source.ts');
      const { startServer } = await import('../../serve/start.ts');
      const { openStore } = await import('../../store/open.ts');
      const { stderrProgress } = await import('../../util/progress.ts');
      const { listKinds, modelFactories } = await import('../../models/index.ts');
      const { runSource, selectBackend } = await import('../../run/index.ts');
      const { NEW_USER_MODEL } = await import('../../eval/onboard-default.ts');
      await selectBackend();
      const log = (line: string): void => void process.stderr.write(`${line}\n`);
      const home = join(defaultCacheDir(), 'demo');
      const progress = stderrProgress();

      log('1/4 data');
      const {
        dataset: loaded,
        source,
        synthetic,
      } = await demoData({
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
      // The new-user default comes first: the server's default model is its first ranking model.
      const kinds = [
        NEW_USER_MODEL.kind,
        RANKING_KIND,
        // The first registered kind that predicts ratings (hetero-sage), as the registry declares it.
        listKinds().find((k) => k.task === 'rating')?.kind,
      ].filter((k): k is string => k !== undefined && modelFactories.has(k));
      if (!kinds.some((k) => modelFactories.get(k)?.task === 'rating'))
        log('    no rating model kind is registered yet: serving LightGCN only');
      const dirs: string[] = [];
      const storeUrl = store.url;
      for (const kind of kinds) {
        const dir = join(home, 'models', `${dataset.name}-${kind}`);
        dirs.push(dir);
        // Keyed on the source data, not the store: users onboarded since are folded in, no retraining needed.
        // '/deploy': models of earlier demos, trained on a held-out split, are retrained once on all the data.
        const sourceFingerprint = `${runSource({}, loaded, '', 1).fingerprint}/deploy`;
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
          config: isRanking
            ? { itersPerEpoch: 100, lr: 5e-3 }
            : kind === NEW_USER_MODEL.kind
              ? { ...NEW_USER_MODEL.config }
              : {},
          progress,
          log,
        });
        const test = Object.entries(summary.metrics['test'] ?? {})
          .filter(([k]) => ['recall@20', 'ndcg@20', 'rmse', 'mae'].includes(k))
          .map(([k, v]) => `${k} ${v.toFixed(4)}`)
          .join(', ');
        log(
          `    ${kind}: ${summary.seconds.toFixed(1)} s, ${test ? `test ${test}` : 'trained on all the data (protocol full)'}`,
        );
      }

      log('4/4 serving');
      // A local demo: onboarding writes need no token (startServer refuses this on a non-loopback host).
      const { url } = await startServer({
        modelDirs: dirs,
        dataset,
        store,
        host: o.host,
        port: o.port,
        allowAnonymousWrites: true,
        // Problems only: a request line per click would bury the demo's own messages.
        logger: { level: 'warn' },
        log,
        ...(synthetic ? { notice: SYNTHETIC_NOTICE } : {}),
      }).catch(async (err: unknown) => {
        await store.close();
        if ((err as { code?: string }).code === 'EADDRINUSE')
          throw new UsageError(
            `port ${o.port} on ${o.host} is in use (another gnnrec demo?): stop it, or pick another with --port N`,
          );
        throw err;
      });
      process.stdout.write(`\ngnnrec demo ready: open ${url}  (Ctrl-C to stop)\n`);
    });
}

/** Whether `dir` holds a model trained on exactly this data (same interactions fingerprint), so the demo can skip training. */
async function trainedOn(dir: string, fingerprint: string): Promise<boolean> {
  if (!existsSync(join(dir, 'manifest.json'))) return false;
  const { readManifest } = await import('../../models/io/manifest.ts');
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
 * Trains through the run layer as `gnnrec train --store URL` does: ranking models for deployment on all the data
 * (protocol `full`: nothing held out, so the lists a person sees come from every rating); rating models under their
 * protocol, whose test part feeds the dashboard's predicted-vs-true table. `gnnrec eval` works on the rating model.
 */
async function trainForServing(
  o: TrainForServingOptions,
): Promise<{ seconds: number; metrics: Record<string, Record<string, number>> }> {
  const { factoryFor, saveRun, trainRun } = await import('../../run/index.ts');
  const { predVsTrue } = await import('../../serve/demo/pred-vs-true.ts');
  const task = factoryFor(o.kind).task;
  const run = await trainRun({
    kind: o.kind,
    dataset: o.dataset,
    source: { store: o.storeUrl },
    ...(task === 'ranking' ? { protocol: 'full' } : {}),
    seed: 1,
    config: o.config,
    epochs: o.epochs,
    progress: o.progress,
    onEpoch: (_r, line) => {
      o.progress.end();
      o.log(`      ${line}`);
    },
  });
  const extra: Record<string, unknown> = { demo_source: o.sourceFingerprint };
  if (task === 'rating') extra['predVsTrue'] = predVsTrue(run.model, run.setup.test);
  await saveRun(run, o.dir, extra);
  return { seconds: run.summary.train_seconds, metrics: run.summary.metrics };
}
