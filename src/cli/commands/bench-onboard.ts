import type { Command } from 'commander';
import { UsageError } from '../../util/errors.ts';
import { parseIntList, parsePositiveInt, printJson } from '../output.ts';
import { benchCommand } from './bench.ts';

/**
 * Registers `gnnrec bench onboard --data D`: the onboarding protocol (new users scored from N ratings) per model
 * kind that can serve a new user, next to popularity: Recall@20, NDCG@20, item coverage, mean popularity rank.
 */
export function registerBenchOnboard(program: Command): void {
  benchCommand(program)
    .command('onboard')
    .description(
      'new users from N ratings (seeded 20 % held out): Recall@20, NDCG@20, coverage, popularity rank per model kind vs popularity',
    )
    .requiredOption('--data <dir>', 'dataset folder, e.g. MovieLens latest-small')
    .option('--history <list>', 'history lengths N, comma-separated', parseIntList('--history'), [5, 10, 20])
    .option('--models <list>', 'candidate kinds or names, comma-separated (default: all)')
    .option('--phase <p>', 'val (choose defaults), test (report) or both', 'both')
    .option('--seed <n>', 'split seed', parsePositiveInt('--seed'), 1)
    .option('--json', 'print one JSON object on stdout')
    .option('--backend <name>', 'compute backend: wasm (SIMD, threaded; default) or js', 'wasm')
    .option('--threads <n>', 'wasm worker threads (default: all cores)', parsePositiveInt('--threads'))
    .action(
      async (o: {
        data: string;
        history: number[];
        models?: string;
        phase: string;
        seed: number;
        json?: boolean;
        backend: string;
        threads?: number;
      }) => {
        if (o.phase !== 'val' && o.phase !== 'test' && o.phase !== 'both')
          throw new UsageError(`--phase ${o.phase}: expected val, test or both`);
        const { selectBackend } = await import('../../run/index.ts');
        const { runOnboardBench } = await import('../../eval/onboard-bench.ts');
        await selectBackend(o.backend, o.threads);
        const res = await runOnboardBench({
          data: o.data,
          seed: o.seed,
          history: o.history,
          models: o.models?.split(','),
          phase: o.phase,
          log: (l) => (o.json ? process.stderr : process.stdout).write(`${l}\n`),
        });
        if (o.json) printJson(res);
      },
    );
}
