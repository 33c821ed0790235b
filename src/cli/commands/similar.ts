import type { Command } from 'commander';
import { parsePositiveInt, printJson } from '../output.ts';
import { itemLabel } from '../titles.ts';

/** `gnnrec similar --model DIR --item ID|TITLE [-k 10] [--json]`. */
export function registerSimilar(program: Command): void {
  program
    .command('similar')
    .description('Items most similar to one item, by raw id or title (titles match fuzzily)')
    .requiredOption('--model <dir>', 'trained model folder')
    .requiredOption('--item <id|title>', 'raw item id or (part of) a title')
    .option('-k, --k <n>', 'number of similar items', parsePositiveInt('-k'), 10)
    .option('--json', 'print one JSON object')
    .action(async (o: { model: string; item: string; k: number; json?: boolean }) => {
      const { openRun, selectBackend, similarTo } = await import('../../run/index.ts');
      await selectBackend();
      const run = await openRun(o.model);
      const s = await similarTo(run, o.item, o.k);
      if (o.json) {
        printJson({
          model: run.kind,
          query: o.item,
          match: s.match,
          matchScore: s.matchScore,
          score_meaning: s.scoreMeaning,
          item: s.item,
          similar: s.similar,
        });
        return;
      }
      const how = s.match === 'fuzzy' ? `  (fuzzy title match, score ${s.matchScore})` : '';
      const lines = [`${itemLabel(s.item)}${how}`];
      if (s.similar.length === 0) lines.push('  no similar items (the model has no vector for this item)');
      else lines.push(`rank  score   title [id]    score = ${s.scoreMeaning}`);
      for (const x of s.similar)
        lines.push(`${String(x.rank).padStart(4)}  ${x.score.toFixed(3).padStart(6)}  ${itemLabel(x)}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
