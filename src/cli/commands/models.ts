import type { Command } from 'commander';
import { printJson } from '../output.ts';

/** Formats a default value for the table (lists as `10,10`, objects as JSON). */
function show(v: unknown): string {
  if (Array.isArray(v)) return v.join(',');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Registers `gnnrec models [KIND] [--json]`: every model kind's config keys, defaults and ranges, from the schemas. */
export function registerModels(program: Command): void {
  program
    .command('models')
    .description(
      'List model kinds with their config keys, defaults and allowed ranges (for train --config/--set)',
    )
    .argument('[kind]', 'only this kind')
    .option('--json', 'print one JSON object')
    .action(async (kind: string | undefined, o: { json?: boolean }) => {
      await import('../../models/index.ts');
      const { describeKind, getKind, listKinds } = await import('../../models/registry.ts');
      const kinds = (kind ? [getKind(kind)] : listKinds()).map((k) => describeKind(k));
      if (o.json) {
        printJson({ kinds });
        return;
      }
      const out: string[] = [];
      for (const k of kinds) {
        out.push(
          `${k.kind}${k.aliases.length ? ` (also: ${k.aliases.join(', ')})` : ''} — ${k.task}: ${k.description}`,
        );
        if (k.keys.length === 0) out.push('  no config keys');
        const w = Math.max(3, ...k.keys.map((x) => x.key.length));
        const dw = Math.max(7, ...k.keys.map((x) => show(x.default).length));
        const aw = Math.max(7, ...k.keys.map((x) => x.allowed.length));
        if (k.keys.length > 0)
          out.push(`  ${'key'.padEnd(w)}  ${'default'.padEnd(dw)}  ${'allowed'.padEnd(aw)}  description`);
        for (const x of k.keys)
          out.push(
            `  ${x.key.padEnd(w)}  ${show(x.default).padEnd(dw)}  ${(x.allowed || x.type).padEnd(aw)}  ${x.description}`,
          );
        if (k.tuned.length > 0)
          out.push(`  searched by gnnrec tune / --set auto=true: ${k.tuned.join(', ')}`);
        out.push('');
      }
      out.push('Set keys with: gnnrec train --model KIND --config FILE.json | --set key=value (repeatable)');
      process.stdout.write(out.join('\n') + '\n');
    });
}
