import type { Command } from 'commander';
import { getProtocol } from '../../eval/index.ts';
import { readManifest } from '../../models/io/manifest.ts';
import { GnnrecError } from '../../util/errors.ts';
import { parseIntList, parsePositiveInt, printJson } from '../output.ts';
import { factoryFor, loadSource, readRunSource, selectBackend } from './model-run.ts';
import { fingerprint } from '../../models/lightgcn/dataset-info.ts';

/** Registers `gnnrec eval --model DIR [--k 10,20]`: rebuilds the model's split from its manifest and scores the test part. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description("Evaluate a trained model on its protocol's test set")
    .requiredOption('--model <dir>', 'model folder written by gnnrec train')
    .option('--k <list>', 'cut-offs, comma-separated', parseIntList('--k'))
    .option('--json', 'print one JSON object')
    .option('--backend <name>', 'compute backend: wasm (SIMD, threaded; default) or js', 'wasm')
    .option('--threads <n>', 'wasm worker threads (default: all cores)', parsePositiveInt('--threads'))
    .action(async (o: { model: string; k?: number[]; json?: boolean; backend: string; threads?: number }) => {
      await selectBackend(o.backend, o.threads);
      const manifest = await readManifest(o.model);
      const run = await readRunSource(o.model);
      const model = await factoryFor(manifest.kind).load(o.model);
      const ds = await loadSource(run);
      if (fingerprint(ds.interactions) !== run.fingerprint) {
        throw new GnnrecError(`${run.data ?? run.store}: data changed since training (fingerprint ${fingerprint(ds.interactions)}, model has ${run.fingerprint})`);
      }
      const setup = getProtocol(run.protocol).prepare(ds, run.seed);
      const t0 = performance.now();
      const test = setup.evaluate(model, 'test', o.k);
      const seconds = (performance.now() - t0) / 1000;
      const out = { model: manifest.kind, dataset: ds.name, protocol: run.protocol, seed: run.seed, eval_seconds: Math.round(seconds * 1000) / 1000, metrics: { test } };
      if (o.json) printJson(out);
      else process.stdout.write(Object.entries(test).map(([k, v]) => `${k.padEnd(14)} ${v.toFixed(4)}`).join('\n') + '\n');
    });
}
