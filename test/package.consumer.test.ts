// The package as another project gets it: `npm pack` (which runs the build), `npm ci` of the tarball into a fresh
// project, a TypeScript program type-checked by `tsc` against the shipped declarations and run by plain `node`,
// and the installed `gnnrec` command (compiled, no TypeScript loader) on the model that program saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratedByUser, writeMovieLensFolder } from './package-fixture.ts';
import { installTarball, npm } from './package-install.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;

/** The consumer's program: every call goes through the public entry `gnnrec`. */
const PROGRAM = `import { describeKind, listKinds, openModelFolder, openRun, packageVersion, recommendFor, setBackend, trainRun, type KeyDescription, type TrainSpec, type UserRecommendations } from 'gnnrec';

const [data, out] = process.argv.slice(2) as [string, string];
const backend = await setBackend('wasm', { threads: 2 });
const spec: TrainSpec = { kind: 'lightgcn', source: { data }, protocol: 'seed001', epochs: 8, seed: 3, out };
const trained = await trainRun(spec);
const run = await openRun(out);
const opened = await openModelFolder(out);
const dimKey: KeyDescription | undefined = describeKind(opened.kind).keys.find((k) => k.key === 'dim');
const lists: UserRecommendations[] = [];
for (const user of ['1', '2', '3']) lists.push(await recommendFor(run, user, 10));
console.log(JSON.stringify({
  version: packageVersion(),
  backend,
  kinds: listKinds().map((k) => k.kind),
  opened: { kind: opened.kind.kind, users: opened.manifest.ids.users.length, dim: dimKey?.default },
  test: trained.summary.metrics.test,
  recs: lists.map((l) => ({ user: l.user, items: l.items.map((r) => r.id) })),
}));
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    outDir: 'out',
    types: ['node'],
    skipLibCheck: true,
  },
  files: ['main.ts'],
};

interface Output {
  version: string;
  backend: string;
  kinds: string[];
  opened: { kind: string; users: number; dim: unknown };
  test: Record<string, number>;
  recs: Array<{ user: string; items: string[] }>;
}

let dir: string;
let project: string;
let data: string;
let rated: Map<string, Set<string>>;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'gnnrec-consumer-'));
  // `npm pack` runs `prepare` (the build), so the tarball holds a dist/ compiled from these sources.
  npm(['pack', '--pack-destination', dir], repo);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, `npm pack wrote no tarball into ${dir}`);
  project = join(dir, 'project');
  mkdirSync(project);
  installTarball(project, join('..', tarball));
  data = join(dir, 'data');
  rated = ratedByUser(writeMovieLensFolder(data, { users: 120, items: 200, seed: 7 }));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function node(args: string[]): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } {
  return spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8' }) as ReturnType<
    typeof spawnSync
  > & { stdout: string; stderr: string };
}

test('the packed package type-checks and runs a consumer program with plain node', () => {
  writeFileSync(join(project, 'main.ts'), PROGRAM);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  const checked = node([tsc, '-p', 'tsconfig.json']);
  assert.equal(
    checked.status,
    0,
    `tsc against the shipped declarations:\n${checked.stdout}${checked.stderr}`,
  );

  const runs: Output[] = [];
  for (const out of ['model-a', 'model-b']) {
    const r = node([join('out', 'main.js'), data, out]);
    assert.equal(r.status, 0, r.stderr);
    runs.push(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Output);
  }
  const [a, b] = runs as [Output, Output];
  assert.equal(a.version, version);
  assert.equal(a.backend, 'wasm', 'the installed package finds build/kernels.wasm and its worker module');
  for (const kind of ['lightgcn', 'mf-bpr', 'graph-filter', 'item2vec', 'hetero-sage', 'dskreg', 'popular'])
    assert.ok(a.kinds.includes(kind), kind);
  assert.deepEqual(a.opened, { kind: 'lightgcn', users: 120, dim: 64 }, 'the saved folder opens checked');
  // 20 of 200 items per user: ranking at random gives recall@20 ≈ 0.1; a trained model is well above it.
  assert.ok(a.test['recall@20']! > 0.2, `recall@20 ${a.test['recall@20']}`);
  for (const { user, items } of a.recs) {
    assert.equal(items.length, 10, `user ${user}`);
    assert.equal(new Set(items).size, 10, `user ${user}: duplicates`);
    for (const item of items) assert.ok(!rated.get(user)!.has(item), `user ${user} already rated ${item}`);
  }
  assert.deepEqual(b.recs, a.recs, 'same seed, same recommendations');
  assert.deepEqual(b.test, a.test);
});

test('the installed gnnrec command runs compiled code and reads a model saved through the library', () => {
  const bin = join(project, 'node_modules', 'gnnrec', 'bin', 'gnnrec.js');
  const v = node([bin, '--version']);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), version);
  const help = node([bin, '--help']);
  assert.equal(help.status, 0, help.stderr);
  for (const cmd of ['train', 'recommend', 'explain', 'serve'])
    assert.match(help.stdout, new RegExp(`\\n  ${cmd}\\b`), cmd);

  const lib = node([join('out', 'main.js'), data, 'model-c']);
  assert.equal(lib.status, 0, lib.stderr);
  const fromLib = (JSON.parse(lib.stdout.trim().split('\n').at(-1)!) as Output).recs[0]!;
  const cli = node([bin, 'recommend', '--model', 'model-c', '--user', fromLib.user, '-k', '10', '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  const items = (JSON.parse(cli.stdout) as { items: Array<{ item?: string; id?: string }> }).items.map(
    (i) => i.item ?? i.id,
  );
  assert.deepEqual(items, fromLib.items);
});
