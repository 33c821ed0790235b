import type { Command } from 'commander';
import { openStore, STORE_URL_FORMS } from '../../store/open.ts';
import type { ImportCounts, StoreCounts } from '../../store/store.ts';
import { stderrProgress } from '../../util/progress.ts';
import { parsePositiveInt, printJson } from '../output.ts';
import { addDataReadOptions, loadOptionsFrom } from './data.ts';

type ImportFlags = Parameters<typeof loadOptionsFrom>[0] & { store: string; batchSize: number };

/** Registers `gnnrec import --data D [--format F] --store URL`: an idempotent, transactional upsert. */
export function registerImport(program: Command): void {
  addDataReadOptions(
    program
      .command('import')
      .description('Load a dataset into a store (one transaction; re-import changes nothing)'),
  )
    .option('--store <url>', `store: ${STORE_URL_FORMS}`, 'pglite://')
    .option('--batch-size <n>', 'rows per round-trip', parsePositiveInt('--batch-size'), 10_000)
    .option('--json', 'print one JSON object')
    .action(async (o: ImportFlags) => {
      const t0 = performance.now();
      const { loadDatasetWithReport } = await import('../../data/load.ts');
      const { dataset, report } = await loadDatasetWithReport(o.data, loadOptionsFrom(o));
      const t1 = performance.now();
      const store = await openStore(o.store);
      try {
        const t2 = performance.now();
        const imported = await store.importDataset(dataset, {
          batchSize: o.batchSize,
          progress: stderrProgress(),
        });
        const t3 = performance.now();
        const counts = await store.counts();
        const seconds = {
          load: round((t1 - t0) / 1000),
          open: round((t2 - t1) / 1000),
          import: round((t3 - t2) / 1000),
        };
        if (o.json)
          printJson({
            store: store.url,
            dataset: dataset.name,
            imported,
            counts,
            skipped: report.skipped,
            seconds,
          });
        else process.stdout.write(formatImport(store.url, dataset.name, imported, counts, seconds.import));
      } finally {
        await store.close();
      }
    });
}

function round(s: number): number {
  return Math.round(s * 1000) / 1000;
}

/** Human-readable summary: what changed per table, then the store's totals. */
function formatImport(
  url: string,
  name: string,
  c: ImportCounts,
  totals: StoreCounts,
  seconds: number,
): string {
  const line = (t: keyof ImportCounts): string =>
    `${t.padEnd(13)} ${String(c[t].inserted).padStart(9)} new ${String(c[t].updated).padStart(9)} updated ${String(c[t].unchanged).padStart(9)} unchanged   total ${totals[t]}\n`;
  return (
    `imported ${name} into ${url} in ${seconds.toFixed(2)} s\n` +
    line('users') +
    line('items') +
    line('interactions')
  );
}
