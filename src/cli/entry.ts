// The command line's entry module: `node --import tsx src/cli/entry.ts …` from sources (tests, see test/cli.ts),
// `bin/gnnrec.js` → dist/cli/entry.js when installed. `serve` and `demo` re-run this file once with the server's
// V8 flags (src/serve/relaunch.ts); GNNREC_NO_RELAUNCH=1 turns that off.
import { fileURLToPath } from 'node:url';
import { followParent, relaunchWithServeFlags } from '../serve/relaunch.ts';

const args = process.argv.slice(2);
if (!relaunchWithServeFlags(fileURLToPath(import.meta.url), args)) {
  followParent();
  const { main } = await import('./main.ts');
  await main(args);
}
