// Build step run by `npm ci` (prepare): compiles every builder registered in scripts/build.d/*.mjs in name order.
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'build.d');
let steps = [];
try {
  steps = readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
} catch {
  /* no build steps yet */
}
for (const step of steps) {
  const t0 = Date.now();
  const mod = await import(pathToFileURL(join(dir, step)).href);
  await mod.build();
  console.error(`build: ${step} ${Date.now() - t0} ms`);
}
