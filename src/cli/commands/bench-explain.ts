import type { Command } from 'commander';
import { printJson, parsePositiveInt } from '../output.ts';
import { importBench } from '../bench-module.ts';
import { benchCommand } from './bench.ts';

/** Registers `gnnrec bench explain --data D`: fidelity of each explanation method vs random and degree baselines. */
export function registerBenchExplain(program: Command): void {
  benchCommand(program)
    .command('explain')
    .description(
      'fidelity+/− of each explanation method vs equal-size random and highest-degree items (seed001 split)',
    )
    .requiredOption('--data <dir>', 'dataset folder, e.g. MovieLens latest-small')
    .option('--models <list>', 'model kinds', 'lightgcn,graph-filter,item2vec')
    .option('--users <n>', 'users sampled', parsePositiveInt('--users'), 100)
    .option(
      '--min-item-degree <n>',
      'explain only items with at least n training interactions',
      parsePositiveInt('--min-item-degree'),
    )
    .option('--json', 'print one JSON object on stdout')
    .action(
      async (o: { data: string; models: string; users: number; minItemDegree?: number; json?: boolean }) => {
        const { runExplainBench } = await importBench('explain');
        const res = await runExplainBench({
          data: o.data,
          models: o.models.split(','),
          users: o.users,
          minItemDegree: o.minItemDegree,
          log: (l) => process.stderr.write(`${l}\n`),
        });
        if (o.json) printJson(res);
        else for (const m of res.methods) process.stdout.write(`${JSON.stringify(m)}\n`);
      },
    );
}
