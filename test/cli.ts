// The one place tests learn how to start the `gnnrec` command line. Tests run it from sources
// (src/cli/entry.ts through tsx), so they never depend on a stale compiled dist/; the compiled bin/gnnrec.js
// is tested once, in test/package.test.ts.
import {
  spawn,
  spawnSync,
  type ChildProcess,
  type SpawnOptions,
  type SpawnSyncReturns,
} from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of the CLI's source entry module. */
export const cliScript = fileURLToPath(new URL('../src/cli/entry.ts', import.meta.url));

/** Absolute path of the installed command (runs dist/; used by the package tests only). */
export const binScript = fileURLToPath(new URL('../bin/gnnrec.js', import.meta.url));

// Resolved here, not by the child: tests may start the CLI with a cwd (a temp folder) that has no node_modules.
const tsxLoader = import.meta.resolve('tsx');

/** Node arguments that start the CLI with `args` (pass to `spawn(process.execPath, …)`). */
export function cliArgv(args: readonly string[]): string[] {
  return ['--import', tsxLoader, cliScript, ...args];
}

/** Runs the CLI to completion and returns its exit status and output as text. */
export function runCli(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeout?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, cliArgv(args), { encoding: 'utf8', ...options });
}

/** Starts the CLI as a child process (for servers and long runs). */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, cliArgv(args), options);
}
