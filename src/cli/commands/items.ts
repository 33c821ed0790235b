import type { Command } from 'commander';
import { openStore, STORE_URL_FORMS } from '../../store/open.ts';
import { InputError } from '../../util/errors.ts';
import { printJson } from '../output.ts';

type ItemsAddFlags = { store: string; file: string; json?: boolean };

/**
 * Registers `gnnrec items add --store URL --file F`: new items with their features written to a store in one
 * transaction; running replicas over a PostgreSQL store recommend them through their content within a second.
 */
export function registerItems(program: Command): void {
  const items = program.command('items').description('Manage the catalogue of a store');
  items
    .command('add')
    .description(
      'Add items (CSV with id,title[,genres a|b][,year][,type][,numeric columns…], JSON Lines or a JSON array) ' +
        'to a store in one transaction; an id already stored refuses the whole file',
    )
    .requiredOption('--file <path>', 'items file (.csv, .jsonl or .json)')
    .option('--store <url>', `store: ${STORE_URL_FORMS}`, 'pglite://')
    .option('--json', 'print one JSON object')
    .action(async (o: ItemsAddFlags) => {
      const { readItemsFile } = await import('../../serve/items-file.ts');
      const { addItemsToStore } = await import('../../serve/store-items.ts');
      // The file is checked whole before the store is opened: a bad line writes nothing.
      const { items: read, lines } = await readItemsFile(o.file);
      const store = await openStore(o.store);
      try {
        const result = await addItemsToStore(store, read);
        if ('existing' in result) {
          const at = read.findIndex((it) => it.id === result.existing[0]);
          const more = result.existing.length > 1 ? ` (and ${result.existing.length - 1} more)` : '';
          throw new InputError(
            { file: o.file, line: lines[at]!, field: 'id' },
            `item '${result.existing[0]}' already exists in ${store.url}${more}; nothing was added`,
          );
        }
        if (o.json) printJson({ store: store.url, file: o.file, added: result.added.inserted });
        else process.stdout.write(`added ${result.added.inserted} items from ${o.file} to ${store.url}\n`);
      } finally {
        await store.close();
      }
    });
}
