import type { Command } from 'commander';
import { getProtocol, defaultProtocol } from '../../eval/index.ts';
import { trainWithEarlyStopping } from '../../train/trainer.ts';
import { stderrProgress } from '../../util/progress.ts';
import { UsageError } from '../../util/errors.ts';
import { parsePositiveInt, printJson, InvalidOption } from '../output.ts';
import { annotateManifest, factoryFor, loadSource, runSource, selectBackend } from './model-run.ts';

interface TrainFlags {
  data?: string;
  store?: string;
  format: string;
  model: string;
  protocol?: string;
  epochs?: number;
  seed: number;
  dim?: number;
  layers?: number;
  lr?: number;
  batch?: number;
  l2?: number;
  sampling?: string;
  lrDecay?: number;
  lrDecayStart?: number;
  patience?: number;
  evalEvery: number;
  out: string;
  json?: boolean;
  backend: string;
  threads?: number;
  kg?: string;
  textModel?: string;
}

/** Model kinds whose hyper-parameters (dim, layers, λ, lr, batch, iterations) the ranking protocols prescribe. */
const BPR_KINDS = new Set(['lightgcn', 'mfbpr']);

function parseNonNegInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidOption(`${flag} must be a non-negative integer, got '${v}'`);
    return n;
  };
}

function parsePositiveFloat(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidOption(`${flag} must be a positive number, got '${v}'`);
    return n;
  };
}

/** Registers `gnnrec train`: protocol split → fit with validation and best-epoch restore → test once → model folder. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train a model under an evaluation protocol and write the model folder')
    .option('--data <dir>', 'dataset folder or file')
    .option('--store <url>', 'read the graph from a store instead of --data')
    .option('--format <f>', 'reader format (auto, movielens, anime, movies-dataset, lightgcn, csv)', 'auto')
    .requiredOption('--model <kind>', 'model kind (lightgcn, mfbpr, popular, …)')
    .option('--protocol <p>', 'seed001, lightgcn, rating or full (no held-out data) (default: by model task and dataset)')
    .option('--epochs <n>', 'epochs (seed001: units of 200 iterations)', parsePositiveInt('--epochs'))
    .option('--seed <s>', 'seed of the split, init and sampling', parseNonNegInt('--seed'), 1)
    .option('--dim <n>', 'embedding size', parsePositiveInt('--dim'))
    .option('--layers <n>', 'propagation layers', parseNonNegInt('--layers'))
    .option('--lr <x>', 'learning rate', parsePositiveFloat('--lr'))
    .option('--batch <n>', 'batch size', parsePositiveInt('--batch'))
    .option('--l2 <x>', 'L2 weight λ on layer-0 embeddings', parsePositiveFloat('--l2'))
    .option('--sampling <how>', 'BPR triples: user (a user uniformly, then a positive; the LightGCN authors\' code) or edge (an edge uniformly; the seed001 notebook)')
    .option('--lr-decay <x>', 'factor applied to the learning rate after every epoch', parsePositiveFloat('--lr-decay'))
    .option('--lr-decay-start <n>', 'first epoch after which --lr-decay applies', parseNonNegInt('--lr-decay-start'))
    .option('--patience <n>', 'validations without improvement before stopping (0 = never)', parseNonNegInt('--patience'))
    .option('--eval-every <n>', 'validate every n epochs', parsePositiveInt('--eval-every'), 1)
    .requiredOption('--out <dir>', 'model folder to write')
    .option('--json', 'print one JSON object')
    .option('--backend <name>', 'compute backend: wasm (SIMD, threaded; default) or js', 'wasm')
    .option('--threads <n>', 'wasm worker threads (default: all cores)', parsePositiveInt('--threads'))
    .option('--kg <file>', 'extra knowledge-graph triples (head,relation,tail) for --model dskreg')
    .option('--text-model <dir>', 'all-MiniLM-L6-v2 folder (transformers.js layout) for hetero-sage title embeddings; hashed n-grams without its ONNX weights')
    .action(async (o: TrainFlags) => {
      await selectBackend(o.backend, o.threads);
      if (!o.data === !o.store) throw new UsageError('give exactly one of --data D or --store URL');
      const factory = factoryFor(o.model);
      const ds = await loadSource(o);
      const protocolName = o.protocol ?? defaultProtocol(factory.task, ds);
      const protocol = getProtocol(protocolName);
      if (protocol.task !== factory.task) throw new UsageError(`model '${o.model}' is a ${factory.task} model; protocol '${protocolName}' evaluates ${protocol.task} models`);
      const setup = protocol.prepare(ds, o.seed);
      const flags: Record<string, unknown> = { dim: o.dim, layers: o.layers, lr: o.lr, batch: o.batch, l2: o.l2, sampling: o.sampling, lrDecay: o.lrDecay, lrDecayStart: o.lrDecayStart, kg: o.kg, textModel: o.textModel };
      const config: Record<string, unknown> = BPR_KINDS.has(o.model) ? { ...setup.modelDefaults } : {};
      for (const [k, v] of Object.entries(flags)) if (v !== undefined) config[k] = v;
      const model = factory.create(config, { numUsers: setup.train.numUsers, numItems: setup.train.numItems });
      const progress = o.json ? undefined : stderrProgress();
      const result = await trainWithEarlyStopping(model, setup.train, {
        seed: o.seed,
        epochs: o.epochs,
        // The `full` protocol holds nothing out: train without validation, report no held-out metrics.
        validate: setup.val.user.length > 0 ? () => setup.evaluate(model, 'val') : undefined,
        metric: setup.selectMetric,
        lowerIsBetter: setup.lowerIsBetter,
        patience: o.patience ?? setup.patience,
        evalEvery: o.evalEvery,
        progress,
        onEpoch: (r) => {
          if (!o.json && r.val) process.stderr.write(`epoch ${r.epoch} loss ${r.loss.toFixed(4)} ${setup.selectMetric} ${r.val[setup.selectMetric].toFixed(4)}\n`);
        },
      });
      const val = result.bestVal ?? (setup.val.user.length > 0 ? setup.evaluate(model, 'val') : {});
      const test = setup.test.user.length > 0 ? setup.evaluate(model, 'test') : {};
      await model.save(o.out);
      const out = {
        model: o.model,
        dataset: { name: ds.name, users: ds.users.size, items: ds.items.size, interactions: ds.interactions.user.length },
        protocol: protocolName,
        seed: o.seed,
        epochs: result.epochs,
        best_epoch: result.bestEpoch,
        train_seconds: Math.round(result.seconds * 1000) / 1000,
        metrics: { val, test },
        ...(result.extra ?? {}),
      };
      await annotateManifest(o.out, runSource(o, ds, protocolName, o.seed), out.metrics, {
        curve: result.curve,
        // The config records the model's default epoch count; this is what ran (--epochs, early stopping).
        epochs: result.epochs,
        best_epoch: result.bestEpoch,
        train_seconds: out.train_seconds,
      });
      if (o.json) printJson(out);
      else process.stdout.write(formatTrain(out));
    });
}

function formatTrain(o: { model: string; protocol: string; epochs: number; best_epoch: number; train_seconds: number; metrics: { test: Record<string, number> } }): string {
  const test = Object.entries(o.metrics.test)
    .filter(([k]) => /^(recall|ndcg|precision)@|^(rmse|mae)$/.test(k))
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join('  ');
  return `${o.model} (${o.protocol}): ${o.epochs} epochs, best ${o.best_epoch}, ${o.train_seconds.toFixed(1)} s\ntest  ${test}\n`;
}
