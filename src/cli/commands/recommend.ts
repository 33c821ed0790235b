import type { Command } from 'commander';
import { basename, resolve } from 'node:path';
import { addRuleFlags, rulesFromFlags, type RuleFlags } from '../../serve/rules/flags.ts';
import { hasRules } from '../../serve/rules/rules.ts';
import { UsageError } from '../../util/errors.ts';
import { parsePositiveInt, printJson } from '../output.ts';
import { itemLabel } from '../titles.ts';

interface RecommendFlags extends RuleFlags {
  model: string;
  user?: string;
  all?: boolean;
  store?: string;
  modelId?: string;
  k: number;
  json?: boolean;
}

/**
 * Registers `gnnrec recommend --model DIR (--user ID | --all [--store URL [--model-id ID]]) [-k 10]`: titles, scores
 * and ranks; every item the user is known to have rated in the data source is left out, whichever split trained the
 * model. `--all` ranks every user in one batch; with `--store` the lists replace the model's rows of the store's
 * `recommendations` (one transaction, with the model's registry row).
 */
export function registerRecommend(program: Command): void {
  const cmd = program
    .command('recommend')
    .description(
      'Top-K items for a user (titles, scores, ranks; already-rated items left out), or for every user',
    )
    .requiredOption('--model <dir>', 'model folder written by gnnrec train')
    .option('--user <id>', 'raw user id as in the dataset')
    .option('--all', 'every user of the model')
    .option(
      '--store <url>',
      'with --all: write the lists to this store (pglite://PATH, postgres://…, arangodb://…)',
    )
    .option('--model-id <id>', "with --store: the model's id in the store (default: the model folder's name)")
    .option('-k, --k <n>', 'number of items', parsePositiveInt('-k'), 10)
    .option('--json', 'print JSON (with --all and no --store: one object per user per line)')
    .action(async (o: RecommendFlags) => {
      if ((o.user === undefined) === !o.all) throw new UsageError('give exactly one of --user ID or --all');
      const rules = rulesFromFlags(o);
      if (o.all && hasRules(rules))
        throw new UsageError('the rule flags (--genres, --year, …) apply to --user lists');
      if (o.store !== undefined && !o.all) throw new UsageError('--store writes the lists of --all');
      const { openRun, recommendAll, recommendFor, selectBackend, writeBack } =
        await import('../../run/index.ts');
      await selectBackend();
      const run = await openRun(o.model);
      if (o.user !== undefined) {
        const rec = await recommendFor(run, o.user, o.k, { rules });
        for (const n of run.notices) process.stderr.write(`gnnrec: note: ${n}\n`);
        if (o.json) {
          const items = rec.items.map((x) => ({ item: x.id, title: x.title, score: x.score, rank: x.rank }));
          printJson({
            model: run.kind,
            user: rec.user,
            k: rec.k,
            score_meaning: rec.scoreMeaning,
            rated: rec.rated,
            items,
          });
          return;
        }
        const head = `top ${rec.items.length} for user ${rec.user} (${run.kind}; ${rec.rated} items the user rated are left out)\nrank  score   title [id]    score = ${rec.scoreMeaning}\n`;
        process.stdout.write(
          head +
            rec.items
              .map((x) => `${String(x.rank).padStart(4)}  ${x.score.toFixed(4).padStart(7)}  ${itemLabel(x)}`)
              .join('\n') +
            '\n',
        );
        return;
      }
      if (o.store !== undefined) {
        const out = await writeBack(run, o.store, o.modelId ?? basename(resolve(o.model)), o.k);
        for (const n of run.notices) process.stderr.write(`gnnrec: note: ${n}\n`);
        if (o.json) printJson(out);
        else
          process.stdout.write(
            `${out.model_id}: ${out.inserted} recommendations for ${out.users} users written to ${out.store} (${out.deleted} replaced)\n`,
          );
        return;
      }
      const lists = await recommendAll(run, o.k);
      for (const n of run.notices) process.stderr.write(`gnnrec: note: ${n}\n`);
      const lines: string[] = [];
      lists.forEach((rows, u) => {
        const user = run.users.raw(u);
        if (o.json) lines.push(JSON.stringify({ user, items: rows }));
        else for (const x of rows) lines.push(`${user}\t${x.item}\t${x.score}\t${x.rank}`);
      });
      process.stdout.write(lines.length > 0 ? lines.join('\n') + '\n' : '');
    });
  // Business rules (filters before the top-K, MMR diversity), spelled as the API's query parameters.
  addRuleFlags(cmd);
}
