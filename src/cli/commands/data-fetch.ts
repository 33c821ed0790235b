import type { Command } from 'commander';
import { fetchDataset } from '../../data/fetch/fetch.ts';
import { DATASET_SOURCES } from '../../data/fetch/sources.ts';
import { stderrProgress } from '../../util/progress.ts';
import { InvalidOption, printJson } from '../output.ts';

/** Registers `gnnrec data fetch NAME [--cache DIR] [--json]` on the `data` command. */
export function registerDataFetch(data: Command): void {
  const names = Object.keys(DATASET_SOURCES);
  data
    .command('fetch')
    .description(
      `Download a dataset (${names.join(', ')}), check its checksum and cache it; prints the folder to pass as --data`,
    )
    .argument('<name>', names.join(' | '), (v: string) => {
      if (!names.includes(v)) throw new InvalidOption(`dataset must be one of ${names.join(', ')}`);
      return v;
    })
    .option('--cache <dir>', 'cache folder (default $XDG_CACHE_HOME/gnnrec or ~/.cache/gnnrec)')
    .option('--json', 'print one JSON object')
    .action(async (name: string, o: { cache?: string; json?: boolean }) => {
      const r = await fetchDataset(name, { cache: o.cache, progress: stderrProgress() });
      if (o.json) printJson(r);
      else process.stdout.write(`${r.path}\n`);
    });
}
