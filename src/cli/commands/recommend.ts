import type { Command } from 'commander';
import { readManifest } from '../../models/io/manifest.ts';
import { GnnrecError } from '../../util/errors.ts';
import { parsePositiveInt, printJson } from '../output.ts';
import { factoryFor, selectBackend } from './model-run.ts';

/** Registers `gnnrec recommend --model DIR --user ID [-k 10]`: raw ids in and out, training items filtered. */
export function registerRecommend(program: Command): void {
  program
    .command('recommend')
    .description('Top-K items for a user (items seen in training are left out)')
    .requiredOption('--model <dir>', 'model folder written by gnnrec train')
    .requiredOption('--user <id>', 'raw user id as in the dataset')
    .option('-k, --k <n>', 'number of items', parsePositiveInt('-k'), 10)
    .option('--json', 'print one JSON object')
    .action(async (o: { model: string; user: string; k: number; json?: boolean }) => {
      // The default compute backend, as train and eval use (dense products and top-k run on its threads).
      await selectBackend('wasm');
      const manifest = await readManifest(o.model);
      const u = manifest.ids.users.indexOf(o.user);
      if (u < 0) throw new GnnrecError(`${o.model}/manifest.json: unknown user '${o.user}' (${manifest.ids.users.length} users)`);
      const model = await factoryFor(manifest.kind).load(o.model);
      const top = model.recommend(new Int32Array([u]), { k: o.k, filterSeen: true });
      const items: Array<{ item: string; score: number; rank: number }> = [];
      for (let r = 0; r < top.k; r++) {
        const i = top.items[r];
        if (i >= 0) items.push({ item: manifest.ids.items[i], score: top.scores[r], rank: r + 1 });
      }
      if (o.json) printJson({ model: manifest.kind, user: o.user, k: o.k, items });
      else process.stdout.write(items.map((x) => `${String(x.rank).padStart(3)}  ${x.item.padEnd(12)} ${x.score.toFixed(4)}`).join('\n') + '\n');
    });
}
