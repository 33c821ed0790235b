// `gnnrec bench …` runs code from the repository's bench/ folder, which is TypeScript outside src/: the npm
// package neither compiles nor ships it. Importing it through a computed URL keeps it out of the compiled
// program; the compiled CLI registers the tsx loader first (only for these developer commands).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GnnrecError } from '../util/errors.ts';
import type { FidelityResult } from '../explain/fidelity.ts';

/** What `gnnrec bench kernels` calls in bench/kernels.ts (checked against it in test/package.bench-modules.test.ts). */
export interface KernelBenchModule {
  runKernelBench(opts: {
    threads?: number[];
    seconds?: number;
    js?: boolean;
    torch?: boolean;
    sizes?: string[];
    log?: (line: string) => void;
  }): Promise<object>;
}

/** What `gnnrec bench explain` calls in bench/explain.ts (checked against it in test/package.bench-modules.test.ts). */
export interface ExplainBenchModule {
  runExplainBench(o: {
    data: string;
    models?: string[];
    users?: number;
    minItemDegree?: number;
    log?: (line: string) => void;
  }): Promise<{ methods: FidelityResult[]; setup: Record<string, unknown> }>;
}

/** The bench/ file `name` (src/cli and dist/cli sit at the same depth below the package root). */
export function benchModuleUrl(name: string): URL {
  return new URL(`../../bench/${name}.ts`, import.meta.url);
}

/** Imports bench/`name`.ts, registering tsx when this CLI runs compiled; a one-line error outside a clone. */
export async function importBench(name: 'kernels'): Promise<KernelBenchModule>;
export async function importBench(name: 'explain'): Promise<ExplainBenchModule>;
export async function importBench(name: string): Promise<unknown> {
  const url = benchModuleUrl(name);
  if (!existsSync(url)) {
    throw new GnnrecError(
      `gnnrec bench needs the bench/ folder of a gnnrec clone: ${fileURLToPath(url)} is missing`,
    );
  }
  if (!import.meta.url.endsWith('.ts')) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  return import(url.href);
}
