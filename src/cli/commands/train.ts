import type { Command } from 'commander';
import { UsageError } from '../../util/errors.ts';
import { collectSet, rawConfig } from '../config-flags.ts';
import { parsePositiveInt, printJson, InvalidOption } from '../output.ts';
import type { FitOn } from '../../run/fit-data.ts';

interface TrainFlags {
  data?: string;
  store?: string;
  format: string;
  model: string;
  protocol?: string;
  for?: string;
  epochs?: number;
  seed: number;
  config?: string;
  set: string[];
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
  fitOn?: FitOn;
  out: string;
  json?: boolean;
  backend: string;
  threads?: number;
  kg?: string;
  textModel?: string;
}

/** Parses `--fit-on`: `train` or `train+validation`. */
function parseFitOn(v: string): FitOn {
  if (v !== 'train' && v !== 'train+validation')
    throw new InvalidOption(`--fit-on must be train or train+validation, got '${v}'`);
  return v;
}

function parseNonNegInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidOption(`${flag} must be a non-negative integer, got '${v}'`);
    return n;
  };
}

function parsePositiveFloat(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
      throw new InvalidOption(`${flag} must be a positive number, got '${v}'`);
    return n;
  };
}

/** `--for serve` is training for deployment: the `full` protocol (every interaction trains the model). */
function protocolOf(o: TrainFlags): string | undefined {
  if (o.for === undefined) return o.protocol;
  if (o.for !== 'serve') throw new UsageError(`--for must be 'serve', got '${o.for}'`);
  if (o.protocol !== undefined && o.protocol !== 'full')
    throw new UsageError(
      `--for serve trains on all the data (protocol full); it cannot be combined with --protocol ${o.protocol}`,
    );
  return 'full';
}

/** Registers `gnnrec train`: the run layer's `trainRun` (split → config → fit with validation → test → model folder). */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train a model under an evaluation protocol and write the model folder')
    .option('--data <dir>', 'dataset folder or file')
    .option('--store <url>', 'read the graph from a store instead of --data')
    .option('--format <f>', 'reader format (auto, movielens, anime, movies-dataset, lightgcn, csv)', 'auto')
    .requiredOption('--model <kind>', "model kind ('gnnrec models' lists kinds and their config keys)")
    .option(
      '--protocol <p>',
      'seed001, lightgcn, rating, full (positives, no held-out data), all (every rating, no held-out data) or positives-T-random|reference (ratings ≥ T) (default: by model task and dataset)',
    )
    .option('--for <use>', "'serve': train for deployment on all the data (same as --protocol full)")
    .option('--config <file>', "model config as a JSON object of keys ('gnnrec models' lists them)")
    .option(
      '--set <key=value>',
      'one model config key (repeatable; overrides --config and the shorthand flags)',
      collectSet,
      [],
    )
    .option('--epochs <n>', 'epochs (seed001: units of 200 iterations)', parsePositiveInt('--epochs'))
    .option('--seed <s>', 'seed of the split, init and sampling', parseNonNegInt('--seed'), 1)
    .option('--dim <n>', 'embedding size (shorthand for --set dim=N)', parsePositiveInt('--dim'))
    .option('--layers <n>', 'propagation layers', parseNonNegInt('--layers'))
    .option('--lr <x>', 'learning rate', parsePositiveFloat('--lr'))
    .option('--batch <n>', 'batch size', parsePositiveInt('--batch'))
    .option('--l2 <x>', 'L2 weight λ on layer-0 embeddings', parsePositiveFloat('--l2'))
    .option(
      '--sampling <how>',
      "BPR triples: user (a user uniformly, then a positive; the LightGCN authors' code) or edge (an edge uniformly; the seed001 notebook)",
    )
    .option(
      '--lr-decay <x>',
      'factor applied to the learning rate after every epoch',
      parsePositiveFloat('--lr-decay'),
    )
    .option(
      '--lr-decay-start <n>',
      'first epoch after which --lr-decay applies',
      parseNonNegInt('--lr-decay-start'),
    )
    .option(
      '--patience <n>',
      'validations without improvement before stopping (0 = never)',
      parseNonNegInt('--patience'),
    )
    .option('--eval-every <n>', 'validate every n epochs', parsePositiveInt('--eval-every'), 1)
    .option(
      '--fit-on <part>',
      "'train' (default) or 'train+validation': fit on both parts and validate nothing (training-free kinds with settings chosen beforehand)",
      parseFitOn,
    )
    .requiredOption('--out <dir>', 'model folder to write')
    .option('--json', 'print one JSON object')
    .option('--backend <name>', 'compute backend: wasm (SIMD, threaded; default) or js', 'wasm')
    .option('--threads <n>', 'wasm worker threads (default: all cores)', parsePositiveInt('--threads'))
    .option('--kg <file>', 'extra knowledge-graph triples (head,relation,tail) for --model dskreg')
    .option(
      '--text-model <dir>',
      'all-MiniLM-L6-v2 folder (transformers.js layout) for hetero-sage title embeddings; hashed n-grams without its ONNX weights',
    )
    .addHelpText('after', '\nEvery config key of every kind, with defaults and ranges: gnnrec models [KIND]')
    .action(async (o: TrainFlags) => {
      if (!o.data === !o.store) throw new UsageError('give exactly one of --data D or --store URL');
      const protocol = protocolOf(o);
      const shorthands = {
        dim: o.dim,
        layers: o.layers,
        lr: o.lr,
        batch: o.batch,
        l2: o.l2,
        sampling: o.sampling,
        lrDecay: o.lrDecay,
        lrDecayStart: o.lrDecayStart,
        kg: o.kg,
        textModel: o.textModel,
      };
      const config = rawConfig(o.config, shorthands, o.set);
      const { selectBackend, trainRun } = await import('../../run/index.ts');
      const { stderrProgress } = await import('../../util/progress.ts');
      await selectBackend(o.backend, o.threads);
      const run = await trainRun({
        kind: o.model,
        source: { data: o.data, store: o.store, format: o.format },
        ...(protocol ? { protocol } : {}),
        seed: o.seed,
        config,
        ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
        ...(o.patience !== undefined ? { patience: o.patience } : {}),
        evalEvery: o.evalEvery,
        ...(o.fitOn ? { fitOn: o.fitOn } : {}),
        out: o.out,
        ...(o.json
          ? {}
          : { progress: stderrProgress(), onEpoch: (_r, line) => void process.stderr.write(`${line}\n`) }),
      });
      if (o.json) printJson(run.summary);
      else process.stdout.write(formatTrain(run.summary, o.out));
    });
}

function formatTrain(
  o: {
    model: string;
    protocol: string;
    epochs: number;
    best_epoch: number;
    train_seconds: number;
    metrics: { test: Record<string, number> };
  },
  out: string,
): string {
  const test = Object.entries(o.metrics.test)
    .filter(([k]) => /^(recall|ndcg|precision)@|^(rmse|mae)$/.test(k))
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join('  ');
  return `${o.model} (${o.protocol}): ${o.epochs} epochs, best ${o.best_epoch}, ${o.train_seconds.toFixed(1)} s → ${out}\n${test ? `test  ${test}\n` : 'no held-out data (protocol full): no test metrics\n'}`;
}
