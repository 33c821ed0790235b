import type { Command } from 'commander';
import { DATA_FORMATS, type DataFormat } from '../../data/detect.ts';
// The readers load when a command reads data, not when `gnnrec --help` registers the commands.
import type { CsvMapping, LoadOptions } from '../../data/load.ts';
import { stderrProgress } from '../../util/progress.ts';
import { InvalidOption, parsePositiveInt, printJson } from '../output.ts';
import { registerDataFetch } from './data-fetch.ts';
import { registerDataSynth } from './data-synth.ts';

/** Options shared by data commands that read a dataset. */
interface DataReadFlags {
  data: string;
  format: DataFormat;
  lenient?: boolean;
  maxLineBytes?: number;
  animeUnrated?: 'drop' | 'keep';
  userCol?: string;
  itemCol?: string;
  ratingCol?: string;
  timeCol?: string;
  delimiter?: string;
  header: boolean;
  json?: boolean;
}

function parseFormat(v: string): DataFormat {
  if (!(DATA_FORMATS as readonly string[]).includes(v))
    throw new InvalidOption(`--format must be one of ${DATA_FORMATS.join(', ')}`);
  return v as DataFormat;
}

function parseUnrated(v: string): 'drop' | 'keep' {
  if (v !== 'drop' && v !== 'keep') throw new InvalidOption(`--anime-unrated must be drop or keep`);
  return v;
}

/** Adds `--data`, `--format`, `--lenient` and the CSV mapping flags to a command. */
export function addDataReadOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--data <dir>', 'dataset folder or file')
    .option('--format <f>', `reader: ${DATA_FORMATS.join(', ')}`, parseFormat, 'auto')
    .option('--lenient', 'skip malformed rows (counted by reason) instead of failing')
    .option(
      '--max-line-bytes <n>',
      'longest line or CSV record accepted, in bytes (default 1048576)',
      parsePositiveInt('--max-line-bytes'),
    )
    .option('--anime-unrated <mode>', 'anime rating −1 (watched, not rated): drop or keep', parseUnrated)
    .option('--user-col <name>', 'csv: user column (name, or 0-based index with --no-header)')
    .option('--item-col <name>', 'csv: item column')
    .option('--rating-col <name>', 'csv: rating column (omit for implicit data)')
    .option('--time-col <name>', 'csv: timestamp column')
    .option('--delimiter <d>', 'csv: field delimiter (default , or tab for .tsv)')
    .option('--no-header', 'csv: the file has no header line');
}

/** Turns parsed data flags into `loadDataset` options. */
export function loadOptionsFrom(o: DataReadFlags): LoadOptions {
  const opts: LoadOptions = { format: o.format, lenient: o.lenient ?? false };
  if (o.maxLineBytes !== undefined) opts.maxLineBytes = o.maxLineBytes;
  if (o.animeUnrated) opts.animeUnrated = o.animeUnrated;
  if (o.userCol || o.itemCol || o.ratingCol || o.timeCol || o.delimiter || !o.header) {
    const col = (v: string | undefined): string | number | undefined =>
      v === undefined ? undefined : !o.header && /^\d+$/.test(v) ? Number(v) : v;
    const csv: CsvMapping = {
      user: col(o.userCol) ?? (o.header ? 'user' : 0),
      item: col(o.itemCol) ?? (o.header ? 'item' : 1),
      header: o.header,
    };
    if (o.ratingCol !== undefined) csv.rating = col(o.ratingCol);
    if (o.timeCol !== undefined) csv.timestamp = col(o.timeCol);
    if (o.delimiter !== undefined) csv.delimiter = o.delimiter === '\\t' ? '\t' : o.delimiter;
    opts.csv = csv;
  }
  return opts;
}

/** Registers `gnnrec data stats`, `gnnrec data fetch` and `gnnrec data synth`. */
export function registerData(program: Command): void {
  const data = program.command('data').description('Inspect and download datasets');
  addDataReadOptions(
    data
      .command('stats')
      .description('Print users, items, interactions, rating histogram and density of a dataset'),
  )
    .option('--json', 'print one JSON object')
    .action(async (o: DataReadFlags) => {
      const { loadDatasetWithReport } = await import('../../data/load.ts');
      const { datasetStats, formatStats } = await import('../../data/stats.ts');
      const { dataset, report } = await loadDatasetWithReport(o.data, {
        ...loadOptionsFrom(o),
        progress: stderrProgress(),
      });
      const stats = datasetStats(dataset);
      if (o.json) printJson({ ...stats, skipped: report.skipped, files: report.files });
      else {
        process.stdout.write(formatStats(stats) + '\n');
        const skipped = Object.entries(report.skipped).map(([k, v]) => `${k} ${v}`);
        if (skipped.length > 0) process.stdout.write(`skipped       ${skipped.join(', ')}\n`);
      }
    });
  registerDataFetch(data);
  registerDataSynth(data);
}
