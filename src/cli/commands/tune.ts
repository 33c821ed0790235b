import type { Command } from 'commander';
import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
// Only what registering the command needs is imported here; models, protocols and the search load when it runs
// (they are most of the library, and `gnnrec --help` registers every command).
import { parseBudget } from '../../tune/budget.ts';
import type { TuneRow } from '../../tune/index.ts';
import { UsageError } from '../../util/errors.ts';
import { parsePositiveInt, printJson, InvalidOption } from '../output.ts';

interface TuneFlags {
  data?: string;
  store?: string;
  format: string;
  model: string;
  protocol?: string;
  budget: number;
  seed: number;
  candidates?: number;
  minUsers?: number;
  out?: string;
  json?: boolean;
  backend: string;
  threads?: number;
}

function parseBudgetFlag(v: string): number {
  try {
    return parseBudget(v);
  } catch (e) {
    throw new InvalidOption((e as Error).message);
  }
}

const short = (c: Record<string, unknown>): string =>
  Object.entries(c)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

/** Registers `gnnrec tune`: successive halving over a kind's declared space on validation data carved from training data. */
export function registerTune(program: Command): void {
  program
    .command('tune')
    .description(
      "Search a model's hyper-parameters on validation data carved from training data (kinds: those 'gnnrec models' lists searched keys for)",
    )
    .option('--data <dir>', 'dataset folder or file')
    .option('--store <url>', 'read the graph from a store instead of --data')
    .option('--format <f>', 'reader format (auto, movielens, anime, movies-dataset, lightgcn, csv)', 'auto')
    .requiredOption('--model <kind>', 'model kind with a search space')
    .option(
      '--protocol <p>',
      'protocol whose training part (and validation part, carved from training data) is searched on',
    )
    .option('--budget <time>', 'wall-clock budget, e.g. 90s, 10m, 1h', parseBudgetFlag, 600)
    .option('--seed <s>', 'seed of the split and of candidate sampling', parsePositiveInt('--seed'), 1)
    .option('--candidates <n>', 'candidates drawn for the first rung', parsePositiveInt('--candidates'))
    .option('--min-users <n>', 'validation users of the first rung', parsePositiveInt('--min-users'))
    .option(
      '--out <dir>',
      'write tune.json (best config, validation curve, every evaluation) and config.json (for train --config) here',
    )
    .option('--json', 'print one JSON object')
    .option('--backend <name>', 'compute backend: wasm (default) or js', 'wasm')
    .option('--threads <n>', 'wasm worker threads (default: all cores)', parsePositiveInt('--threads'))
    .action(async (o: TuneFlags) => {
      const { getProtocol, defaultProtocol } = await import('../../eval/index.ts');
      const { tuneKind, isTunable, TUNE_SPACES } = await import('../../tune/index.ts');
      const { factoryFor, loadSource, selectBackend } = await import('../../run/index.ts');
      await selectBackend(o.backend, o.threads);
      if (!o.data === !o.store) throw new UsageError('give exactly one of --data D or --store URL');
      const factory = factoryFor(o.model);
      if (!isTunable(o.model))
        throw new UsageError(
          `model '${o.model}' has no search space (tunable: ${[...TUNE_SPACES.keys()].join(', ')})`,
        );
      const ds = await loadSource(o);
      const protocolName = o.protocol ?? defaultProtocol(factory.task, ds);
      const protocol = getProtocol(protocolName);
      if (protocol.task !== 'ranking')
        throw new UsageError(
          `tune searches ranking models; protocol '${protocolName}' evaluates ${protocol.task} models`,
        );
      const setup = protocol.prepare(ds, o.seed);
      // The protocol's validation part is carved from training data; `full` has none, so one is carved from train.
      const data = { ...setup.train, val: setup.val.user.length > 0 ? setup.val : undefined };
      if (!o.json) process.stderr.write(`rung  users  ndcg@20  recall@20  secs  config\n`);
      const onRow = (r: TuneRow): void => {
        if (!o.json)
          process.stderr.write(
            `${String(r.rung).padStart(4)}  ${String(r.users).padStart(5)}  ${r.ndcg.toFixed(4)}   ${r.recall.toFixed(4)}  ${r.seconds.toFixed(1).padStart(5)}  ${short(r.config)}\n`,
          );
      };
      const result = await tuneKind(o.model, data, {
        budgetSeconds: o.budget,
        seed: o.seed,
        maxCandidates: o.candidates,
        minUsers: o.minUsers,
        onRow,
      });
      const out = {
        model: o.model,
        dataset: {
          name: ds.name,
          users: ds.users.size,
          items: ds.items.size,
          interactions: ds.interactions.user.length,
        },
        protocol: protocolName,
        seed: o.seed,
        budget_seconds: o.budget,
        seconds: Math.round(result.seconds * 10) / 10,
        stopped_by_budget: result.stoppedByBudget,
        evaluations: result.rows.length,
        best: {
          config: result.best,
          val: { 'recall@20': result.bestMetrics.recall, 'ndcg@20': result.bestMetrics.ndcg },
          users: result.bestMetrics.users,
        },
        curve: result.curve,
      };
      if (o.out) {
        await mkdir(o.out, { recursive: true });
        const file = join(o.out, 'tune.json');
        await writeFile(`${file}.tmp`, JSON.stringify({ ...out, rows: result.rows }, null, 1) + '\n');
        await rename(`${file}.tmp`, file);
        // The chosen config alone, ready for `gnnrec train --config OUT/config.json`.
        const cfg = join(o.out, 'config.json');
        await writeFile(`${cfg}.tmp`, JSON.stringify(result.best, null, 1) + '\n');
        await rename(`${cfg}.tmp`, cfg);
      }
      if (o.json) printJson(out);
      else
        process.stdout.write(
          `best ${short(result.best)}\nvalidation ndcg@20 ${result.bestMetrics.ndcg.toFixed(4)} recall@20 ${result.bestMetrics.recall.toFixed(4)} (${result.bestMetrics.users} users, ${out.seconds} s)\n`,
        );
    });
}
