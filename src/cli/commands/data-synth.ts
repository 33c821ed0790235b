import type { Command } from 'commander';
import { synthesize, type SynthFormat } from '../../data/synth/generate.ts';
import { stderrProgress } from '../../util/progress.ts';
import { InvalidOption, parsePositiveInt, printJson } from '../output.ts';

const FORMATS: readonly SynthFormat[] = ['lightgcn', 'csv', 'both'];

interface SynthFlags {
  users: number;
  items: number;
  interactions: number;
  out: string;
  seed: number;
  format: SynthFormat;
  genres?: number;
  json?: boolean;
}

/** Registers `gnnrec data synth --users U --items I --interactions N --out DIR` on the `data` command. */
export function registerDataSynth(data: Command): void {
  data
    .command('synth')
    .description(
      'Write a seeded synthetic dataset (power-law popularity and activity, genres, timestamps, titles) as LightGCN train/test.txt and/or MovieLens-style CSV, streaming',
    )
    .requiredOption('--users <n>', 'users (each gets at least one interaction)', parsePositiveInt('--users'))
    .requiredOption('--items <n>', 'items in the catalogue', parsePositiveInt('--items'))
    .requiredOption('--interactions <n>', 'interactions (e.g. 1e7)', parsePositiveInt('--interactions'))
    .requiredOption('--out <dir>', 'output folder (both: lightgcn/ and csv/ under it)')
    .option('--seed <n>', 'random seed', parsePositiveInt('--seed'), 1)
    .option(
      '--format <f>',
      'lightgcn | csv | both',
      (v: string): SynthFormat => {
        if (!(FORMATS as readonly string[]).includes(v))
          throw new InvalidOption(`--format must be one of ${FORMATS.join(', ')}`);
        return v as SynthFormat;
      },
      'both',
    )
    .option('--genres <n>', 'latent communities (default min(20, items/10))', parsePositiveInt('--genres'))
    .option('--json', 'print one JSON object')
    .action((o: SynthFlags) => {
      const progress = stderrProgress();
      const r = synthesize({
        users: o.users,
        items: o.items,
        interactions: o.interactions,
        out: o.out,
        seed: o.seed,
        format: o.format,
        genres: o.genres,
        onProgress: (done, total) => progress.update('interactions', done, total),
      });
      progress.end();
      if (o.json) printJson(r);
      else
        process.stdout.write(
          `${r.interactions} interactions (${r.train} train, ${r.test} test), ${r.users} users, ${r.items} items, ${r.genres} genres → ${r.files.join(', ')}\n` +
            `${(r.bytes / 1e6).toFixed(1)} MB in ${r.seconds.toFixed(2)} s (${(r.rate / 1e6).toFixed(2)} M interactions/s)\n`,
        );
    });
}
