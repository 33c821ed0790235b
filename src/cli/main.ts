import { Command, CommanderError } from 'commander';
import { GnnrecError, UsageError } from '../util/errors.ts';
import { packageVersion } from '../util/version.ts';
import { commands } from './commands/index.ts';

/** Builds the `gnnrec` program with every registered command. */
export function buildProgram(): Command {
  const program = new Command('gnnrec')
    .description('Graph-neural-network recommendation: train, evaluate, recommend, explain and serve.')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  program.commands.forEach(function override(c: Command) {
    c.exitOverride();
    c.commands.forEach(override);
  });
  return program;
}

/** Runs the CLI: exit 2 on usage errors, exit 1 with a one-line cause on failures. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    process.exitCode = exitCodeFor(err);
  }
}

/** Maps an error to the CLI's exit code, printing its one-line cause to stderr. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // help and version "errors" are successful exits; commander has already printed the message.
    if (
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help'
    )
      return 0;
    return 2;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`gnnrec: ${err.message}\n`);
    return 2;
  }
  if (err instanceof GnnrecError) {
    process.stderr.write(`gnnrec: ${err.message}\n`);
    return 1;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' && e.message) {
    // File-system errors name the path; no stack trace for users.
    process.stderr.write(`gnnrec: ${e.message}\n`);
    return 1;
  }
  process.stderr.write(`gnnrec: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.GNNREC_DEBUG) console.error(err);
  return 1;
}
