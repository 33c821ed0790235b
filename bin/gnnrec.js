#!/usr/bin/env node
// Entry point: registers the TypeScript loader, then runs the CLI from source.
// `serve` and `demo` re-run themselves once with the server's V8 flags (src/serve/relaunch.ts);
// GNNREC_NO_RELAUNCH=1 turns that off.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
register();
const args = process.argv.slice(2);
const { relaunchWithServeFlags, followParent } = await import('../src/serve/relaunch.ts');
if (!relaunchWithServeFlags(fileURLToPath(import.meta.url), args)) {
  followParent();
  const { main } = await import('../src/cli/main.ts');
  await main(args);
}
