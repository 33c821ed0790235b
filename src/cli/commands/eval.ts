import type { Command } from 'commander';
import { parseIntList, parsePositiveInt, printJson } from '../output.ts';

/** Registers `gnnrec eval --model DIR [--k 10,20]`: the run layer rebuilds the model's split and scores its test part. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description("Evaluate a trained model on its protocol's test set")
    .requiredOption('--model <dir>', 'model folder written by gnnrec train (or the library’s trainRun)')
    .option('--k <list>', 'cut-offs, comma-separated', parseIntList('--k'))
    .option('--json', 'print one JSON object')
    .option('--backend <name>', 'compute backend: wasm (SIMD, threaded; default) or js', 'wasm')
    .option('--threads <n>', 'wasm worker threads (default: all cores)', parsePositiveInt('--threads'))
    .action(async (o: { model: string; k?: number[]; json?: boolean; backend: string; threads?: number }) => {
      const { evaluateRun, openRun, selectBackend } = await import('../../run/index.ts');
      await selectBackend(o.backend, o.threads);
      const out = await evaluateRun(await openRun(o.model), o.k);
      if (o.json) printJson(out);
      else
        process.stdout.write(
          Object.entries(out.metrics.test)
            .map(([k, v]) => `${k.padEnd(14)} ${v.toFixed(4)}`)
            .join('\n') + '\n',
        );
    });
}
