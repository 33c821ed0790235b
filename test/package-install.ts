// Installs a packed gnnrec tarball into a fresh project the way a user would (`npm ci`), from the npm cache.
// The repository's package-lock.json pins every runtime dependency; the consumer's lockfile reuses those entries,
// so the install gets exactly the versions the tests ran with and needs the network only for what `npm ci` in
// this clone did not already cache (`--prefer-offline`).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = new URL('..', import.meta.url);

interface LockEntry {
  version?: string;
  resolved?: string;
  dev?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** Runs npm with `args` in `cwd`, failing with its output when it exits non-zero. */
export function npm(args: readonly string[], cwd: string): string {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      npm_config_onnxruntime_node_install_cuda: 'skip',
      npm_config_update_notifier: 'false',
    },
  });
  if (r.status !== 0)
    throw new Error(`npm ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The registry's tarball URL of a lockfile path such as `node_modules/@scope/name` (lockfiles may omit it). */
function tarballUrl(registry: string, path: string, version: string): string {
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const base = name.slice(name.lastIndexOf('/') + 1);
  return `${registry.replace(/\/$/, '')}/${name}/-/${base}-${version}.tgz`;
}

/**
 * Writes `package.json` and `package-lock.json` of a project depending only on `tarball` (a file in `dir`), then
 * runs `npm ci` there without install scripts (none of gnnrec's runtime needs one: onnxruntime's would download
 * native binaries for the optional MiniLM text features).
 */
export function installTarball(dir: string, tarball: string): void {
  const pkg = JSON.parse(readFileSync(new URL('package.json', repo), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(new URL('package-lock.json', repo), 'utf8')) as Lockfile;
  const registry = npm(['config', 'get', 'registry'], dir).trim();
  const spec = `file:${tarball}`;
  const packages: Record<string, LockEntry> = {
    '': { name: 'gnnrec-consumer', dependencies: { gnnrec: spec } },
    'node_modules/gnnrec': {
      version: pkg.version,
      resolved: spec,
      dependencies: pkg.dependencies,
      bin: { gnnrec: 'bin/gnnrec.js' },
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.dev || entry.link || entry.version === undefined) continue;
    packages[path] = { ...entry, resolved: entry.resolved ?? tarballUrl(registry, path, entry.version) };
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: 'gnnrec-consumer', private: true, type: 'module', dependencies: { gnnrec: spec } },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({ name: 'gnnrec-consumer', lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  npm(['ci', '--prefer-offline', '--ignore-scripts'], dir);
}
