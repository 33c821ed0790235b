import type { Command } from 'commander';
import { parsePositiveInt, printJson } from '../output.ts';
import { itemLabel } from '../titles.ts';

/** Registers `gnnrec explain --model DIR --user ID --item ID|TITLE`: why the model scores the item for the user. */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('Explain a recommendation: contributing rated items, edges, features or KG paths, by title')
    .requiredOption('--model <dir>', 'model folder written by gnnrec train')
    .requiredOption('--user <id>', 'raw user id as in the dataset')
    .requiredOption('--item <id|title>', 'raw item id or (part of) a title')
    .option('--top <n>', 'number of contributions', parsePositiveInt('--top'), 10)
    .option('--json', 'print one JSON object')
    .action(async (o: { model: string; user: string; item: string; top: number; json?: boolean }) => {
      const { explainFor, openRun, selectBackend } = await import('../../run/index.ts');
      await selectBackend();
      const run = await openRun(o.model);
      const ex = await explainFor(run, o.user, o.item, { top: o.top });
      if (o.json) {
        printJson(ex);
        return;
      }
      const lines = [
        `why ${run.kind} scores ${itemLabel({ id: ex.item, title: ex.title })} for user ${ex.user}`,
        `${ex.method}: score ${ex.score.toFixed(4)} (${ex.scoreMeaning}); ${ex.residual.toFixed(4)} of it is not attributed to the user's items (residual)`,
        'rank  weight    share  kind     what',
      ];
      ex.contributions.forEach((c, r) => {
        lines.push(
          `${String(r + 1).padStart(4)}  ${c.weight.toFixed(4).padStart(7)}  ${(100 * c.share).toFixed(1).padStart(5)}%  ${c.kind.padEnd(7)}  ${c.label}${c.id && c.title ? ` [${c.id}]` : ''}`,
        );
      });
      process.stdout.write(lines.join('\n') + '\n');
    });
}
