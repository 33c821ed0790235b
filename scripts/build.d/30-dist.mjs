// Build step: compiles src/ to JavaScript and declaration files in dist/ (tsconfig.build.json), copies the
// plain-JS worker modules beside their compiled siblings, and removes outputs whose source is gone.
// dist/ mirrors src/ at the same depth, so paths such as '../../package.json' resolve alike from both.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The source a dist file was made from (`a/b.js`, `a/b.d.ts`, `a/b.js.map` → `src/a/b.ts`), or null for the build info. */
function sourceOf(file) {
  const rel = relative(dist, file);
  if (rel === '.tsbuildinfo') return null;
  if (rel.endsWith('.mjs')) return join(src, rel);
  const base = rel.replace(/(\.d\.ts|\.js)(\.map)?$/, '');
  return join(src, `${base}.ts`);
}

export async function build() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error('build: typescript not installed; dist/ not built (bin/gnnrec.js needs it)');
    return;
  }
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build: tsc -p tsconfig.build.json failed (exit ${r.status})`);
  for (const file of walk(src)) {
    if (!file.endsWith('.mjs')) continue;
    const to = join(dist, relative(src, file));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(file, to);
  }
  for (const file of walk(dist)) {
    const from = sourceOf(file);
    if (from !== null && (!existsSync(from) || from.endsWith('.test.ts'))) rmSync(file);
  }
}
