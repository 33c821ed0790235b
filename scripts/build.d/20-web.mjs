// Build step: bundles the web UI (web/src/main.ts, Observable Plot included) into web/dist with esbuild.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** Writes web/dist/{index.html, style.css, app.js(.map)}. */
export async function build() {
  // Imported lazily: esbuild is a dev dependency, so production installs skip the UI build instead of failing.
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('build: esbuild not installed; web UI not built\n');
    return;
  }
  const out = join(web, 'dist');
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: [join(web, 'src', 'main.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(web, 'index.html'), join(out, 'index.html'));
  copyFileSync(join(web, 'src', 'style.css'), join(out, 'style.css'));
}
