#!/usr/bin/env node
// The installed command: runs the compiled CLI (dist/, made by `npm run build`, which `npm ci` runs) with no
// TypeScript loader. `--version` answers from package.json without loading the CLI (it is the one call scripts
// make in a loop). From sources, without building: `node --import tsx src/cli/entry.ts …`.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  try {
    await import('../dist/cli/entry.js');
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli/entry.js')) throw err;
    process.stderr.write('gnnrec: dist/ is not built; run `npm run build` in the gnnrec folder\n');
    process.exit(1);
  }
}
