// V8 flags of the serving process. The young generation's size is fixed when V8 starts, so
// `v8.setFlagsFromString('--max-semi-space-size=…')` at run time has no effect (checked with
// `v8.getHeapSpaceStatistics()`); `gnnrec serve` and `gnnrec demo` therefore re-run themselves once
// with the flags below, unless one of them is already given (in `node` options or `NODE_OPTIONS`).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Node flags the server runs with. A 64 MiB semi-space (default 16 MiB) makes scavenges four times rarer under
 * load. A scavenge keeps only the requests in flight (about 10 KB), so one thread does it in about 0.8 ms; the
 * parallel scavenger took twice that, and 5–30 ms on a busy 2-core machine, waiting for its helper threads.
 */
export const SERVE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--no-parallel-scavenge'];

/** CLI commands that serve HTTP and so get `SERVE_NODE_FLAGS`. */
const SERVING_COMMANDS = new Set(['serve', 'demo']);

/** Environment variable that marks the re-run child (removed from its environment at once). */
const RELAUNCHED = 'GNNREC_RELAUNCHED';

/** Environment variable that turns the re-run off (`GNNREC_NO_RELAUNCH=1`). */
const NO_RELAUNCH = 'GNNREC_NO_RELAUNCH';

/** The node options (command line, then `NODE_OPTIONS`) that set a flag named in `SERVE_NODE_FLAGS`. */
export function serveFlagsInEffect(
  execArgv: readonly string[] = process.execArgv,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const names = new Set(SERVE_NODE_FLAGS.map(flagName));
  const given = [...execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  return given.filter((g) => names.has(flagName(g)));
}

/** Whether a CLI invocation should be re-run with `SERVE_NODE_FLAGS` (serving command, no flag given, no debugger). */
export function needsServeFlags(
  args: readonly string[],
  execArgv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (!SERVING_COMMANDS.has(args[0] ?? '')) return false;
  if (env[NO_RELAUNCH] === '1' || env[RELAUNCHED] === '1') return false;
  // Under a debugger the inspector belongs to this process: serve here rather than in a child it cannot see.
  if (execArgv.some((a) => a.startsWith('--inspect'))) return false;
  return serveFlagsInEffect(execArgv, env).length === 0;
}

/** `--max-semi-space-size=64` → `--max-semi-space-size` (V8 also accepts underscores). */
function flagName(flag: string): string {
  return flag.split('=')[0]!.replace(/_/g, '-');
}

/**
 * Re-runs `script args` in a child node with `SERVE_NODE_FLAGS` when `needsServeFlags` says so, forwarding
 * signals and exiting with the child's status; returns false (and does nothing) otherwise. In the re-run
 * child, call `followParent()` so it exits when this process dies.
 */
export function relaunchWithServeFlags(script: string, args: readonly string[]): boolean {
  if (!needsServeFlags(args, process.execArgv, process.env)) return false;
  const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, ...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RELAUNCHED]: '1' },
  });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward);
  child.on('error', (err) => {
    process.stderr.write(`gnnrec: could not start the server process: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
  });
  return true;
}

/**
 * In a child started by `relaunchWithServeFlags`: exits (through the SIGTERM handlers) when the parent
 * goes away, and lets the process end on its own otherwise. No-op in any other process.
 */
export function followParent(): void {
  if (process.env[RELAUNCHED] !== '1') return;
  delete process.env[RELAUNCHED];
  if (!process.channel) return;
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The IPC channel is only a lifeline: it must not keep a finished command (`serve --help`) alive.
  process.channel.unref();
}
