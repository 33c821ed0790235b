#!/usr/bin/env node
// Reports import cycles among the TypeScript modules under src/ (relative `import … from './x.ts'` specifiers,
// type-only imports included: a type cycle still ties two modules' meanings together). Also reports the
// folder-level edges that point against docs/ARCHITECTURE.md's layers when --layers is given.
// Usage: node scripts/import-cycles.mjs [ROOT=src] [--json]; exits 1 when a cycle exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const json = args.includes('--json');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? 'src');

/** Every .ts/.mts/.mjs file under `dir`, tests excluded (they sit outside the layering). */
function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|mts|mjs)$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts'))
      out.push(p);
  }
  return out;
}

// `import … from '…'`, `export … from '…'`, `import('…')`: only relative specifiers name modules of ours.
const SPEC = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
const all = files(root);
const graph = new Map();
for (const f of all) {
  const text = readFileSync(f, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const deps = new Set();
  for (const m of text.matchAll(SPEC)) deps.add(resolve(dirname(f), m[1]));
  graph.set(
    f,
    [...deps].filter((d) => graph.has(d) || all.includes(d)),
  );
}

// Tarjan's strongly connected components: every component with more than one module (or a self import) is a cycle.
let index = 0;
const idx = new Map(),
  low = new Map(),
  onStack = new Set(),
  stack = [],
  sccs = [];
function strong(v) {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1 || (graph.get(v) ?? []).includes(v)) sccs.push(c);
  }
}
for (const v of graph.keys()) if (!idx.has(v)) strong(v);

// Folder level: src/<top>/ → src/<top>/ edges, to show which folders import each other both ways.
const top = (f) =>
  relative(root, f)
    .split('/')[0]
    .replace(/\.(ts|mjs)$/, '');
const folderEdges = new Map();
for (const [f, ds] of graph)
  for (const d of ds) {
    const a = top(f),
      b = top(d);
    if (a !== b) folderEdges.set(`${a}→${b}`, (folderEdges.get(`${a}→${b}`) ?? 0) + 1);
  }
const twoWay = [...folderEdges.keys()].filter((e) => {
  const [a, b] = e.split('→');
  return a < b && folderEdges.has(`${b}→${a}`);
});

const rel = (f) => relative(process.cwd(), f);
const cycles = sccs.map((c) => c.map(rel).sort());
if (json) {
  console.log(JSON.stringify({ modules: graph.size, cycles, folderTwoWay: twoWay }));
} else {
  console.log(`${graph.size} modules, ${cycles.length} import cycle(s)`);
  for (const c of cycles) console.log(`  cycle of ${c.length}: ${c.join(' ↔ ')}`);
  console.log(
    `${twoWay.length} folder pair(s) importing each other: ${twoWay.map((e) => e.replace('→', '↔')).join(', ')}`,
  );
}
process.exit(cycles.length > 0 ? 1 : 0);
