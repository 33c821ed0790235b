// The one place tests learn how to start the `gnnrec` command line, so the shipped entry point can change
// (compiled `dist/` versus sources) without touching every CLI test.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of the script that runs the CLI in tests. */
export const cliScript = fileURLToPath(new URL('../bin/gnnrec.js', import.meta.url));

/** Node arguments that start the CLI with `args` (pass to `spawn(process.execPath, …)`). */
export function cliArgv(args: readonly string[]): string[] {
  return [cliScript, ...args];
}

/** Runs the CLI to completion and returns its exit status and output as text. */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, cliArgv(args), { encoding: 'utf8', ...options });
}

/** Starts the CLI as a child process (for servers and long runs). */
export function spawnCli(args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, cliArgv(args), options);
}
