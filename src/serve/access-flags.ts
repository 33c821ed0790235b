import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../util/errors.ts';
import type { StartOptions } from './start.ts';

/** The deployment flags of `gnnrec serve` (and `gnnrec demo`), as commander parses them. */
export interface AccessFlags {
  token?: string;
  tokenFile?: string;
  allowAnonymousWrites?: boolean;
  allowedHosts?: string;
  logLevel?: string;
  quiet?: boolean;
  watch?: boolean;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/**
 * Adds `--token-file`, `--token`, `--allow-anonymous-writes`, `--allowed-hosts`, `--log-level`, `--quiet` and
 * `--watch`.
 */
export function addAccessFlags(cmd: Command): Command {
  return cmd
    .option(
      '--token-file <file>',
      'file whose first line is the API token required on writes (or set $GNNREC_TOKEN)',
    )
    .option(
      '--token <t>',
      'API token on the command line (visible in ps: prefer $GNNREC_TOKEN or --token-file)',
    )
    .option(
      '--allow-anonymous-writes',
      'without a token, let anyone create users and ratings (loopback only)',
    )
    .option('--allowed-hosts <list>', "comma-separated Host names to answer besides loopback ('*' = any)")
    .option('--log-level <level>', `request log level: ${LEVELS.join(', ')}`, 'info')
    .option('--quiet', 'no request log')
    .option(
      '--watch',
      "reload the models when a model folder's manifest changes (POST /api/models/reload does it on demand)",
    );
}

/**
 * Turns the flags and environment into `startServer` options: the token from `--token-file`, `$GNNREC_TOKEN`
 * (`$GNNREC_API_TOKEN` is the older name) or `--token` (with a warning), in that order.
 */
export function accessOptions(
  f: AccessFlags,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Pick<StartOptions, 'token' | 'allowAnonymousWrites' | 'allowedHosts' | 'logger' | 'watch'> {
  let token: string | undefined;
  if (f.tokenFile) {
    let text: string;
    try {
      text = readFileSync(f.tokenFile, 'utf8');
    } catch (err) {
      throw new UsageError(`--token-file ${f.tokenFile}: ${(err as Error).message}`);
    }
    token = text.split(/\r?\n/)[0]!.trim();
    if (!token) throw new UsageError(`${f.tokenFile}:1: token: the first line is empty`);
  } else if (env['GNNREC_TOKEN'] || env['GNNREC_API_TOKEN']) {
    token = env['GNNREC_TOKEN'] || env['GNNREC_API_TOKEN'];
  } else if (f.token) {
    log('warning: --token shows in ps and shell history; prefer $GNNREC_TOKEN or --token-file');
    token = f.token;
  }
  if (token !== undefined && token.length < 16)
    log('warning: the API token is shorter than 16 characters; use a long random one (openssl rand -hex 32)');
  const level = f.logLevel ?? 'info';
  if (!LEVELS.includes(level))
    throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}, got '${level}'`);
  const hosts = f.allowedHosts?.trim();
  return {
    ...(token ? { token } : {}),
    allowAnonymousWrites: Boolean(f.allowAnonymousWrites),
    ...(hosts === '*'
      ? { allowedHosts: '*' as const }
      : hosts
        ? {
            allowedHosts: hosts
              .split(',')
              .map((h) => h.trim())
              .filter(Boolean),
          }
        : {}),
    logger: f.quiet ? false : { level },
    watch: Boolean(f.watch),
  };
}
