import type { Command } from 'commander';
import { printJson, parseIntList } from '../output.ts';
import { importBench } from '../bench-module.ts';

/** The `bench` parent command, created on first use so every benchmark can hang a subcommand on it. */
export function benchCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'bench') ??
    program.command('bench').description('benchmarks (not tests); see bench/README.md')
  );
}

interface KernelFlags {
  json?: boolean;
  threads?: number[];
  seconds: string;
  js: boolean;
  torch: boolean;
  size?: string;
}

/** Registers `gnnrec bench kernels`: GFLOP/s of spmm and gemm per backend and thread count, vs PyTorch. */
export function registerBenchKernels(program: Command): void {
  benchCommand(program)
    .command('kernels')
    .description(
      'spmm and gemm GFLOP/s per backend and thread count (10k and Gowalla-sized graphs), PyTorch CSR reference when available',
    )
    .option('--json', 'print one JSON object on stdout')
    .option(
      '--threads <list>',
      'wasm thread counts, e.g. 1,2 (default: 1, 2 and all cores)',
      parseIntList('--threads'),
    )
    .option('--seconds <s>', 'time budget per measurement', '1')
    .option('--no-js', 'skip the (slow) js reference backend')
    .option('--no-torch', 'skip the PyTorch reference')
    .option('--size <name>', 'only one size: 10k or gowalla')
    .action(async (flags: KernelFlags) => {
      const { runKernelBench } = await importBench('kernels');
      const log = flags.json
        ? (line: string) => process.stderr.write(`${line}\n`)
        : (line: string) => process.stdout.write(`${line}\n`);
      const result = await runKernelBench({
        threads: flags.threads,
        seconds: Number(flags.seconds),
        js: flags.js,
        torch: flags.torch,
        sizes: flags.size ? [flags.size] : undefined,
        log,
      });
      if (flags.json) printJson(result);
    });
}
