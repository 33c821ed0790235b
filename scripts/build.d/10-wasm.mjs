// Build step: compiles assembly/ (AssemblyScript) to build/kernels.wasm with SIMD and shared-memory
// threads. Without the compiler (a production install) it warns and the runtime falls back to js.
import { mkdirSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'build', 'kernels.wasm');

/** Flags shared by the build and anyone compiling the kernels by hand (see bench/README.md). */
export const ASC_FLAGS = [
  '-O3',
  '--noAssert',
  '--runtime',
  'stub',
  '--enable',
  'simd',
  '--enable',
  'threads',
  '--importMemory',
  '--sharedMemory',
  '--initialMemory',
  '32',
  '--maximumMemory',
  '65536',
];

function upToDate() {
  try {
    const built = statSync(out).mtimeMs;
    const src = join(root, 'assembly');
    return (
      readdirSync(src).every((f) => statSync(join(src, f)).mtimeMs < built) &&
      statSync(fileURLToPath(import.meta.url)).mtimeMs < built
    );
  } catch {
    return false;
  }
}

export async function build() {
  if (upToDate()) return;
  let asc;
  try {
    asc = (await import('assemblyscript/asc')).default;
  } catch {
    console.error('build: assemblyscript not installed; skipping wasm kernels (the js backend will be used)');
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  const { error, stderr } = await asc.main([join(root, 'assembly', 'index.ts'), '-o', out, ...ASC_FLAGS]);
  if (error) {
    console.error(stderr.toString());
    throw new Error(`build: wasm kernels failed to compile: ${error.message}`);
  }
}
