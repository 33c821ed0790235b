// A model folder is checked when it is opened: each field of a real saved folder of every kind is damaged in turn
// (missing files, a header that is not JSON, dtype, rows, dims, byte offsets, ids, indices, row offsets, config), and
// opening it must fail with one line naming the folder's file — through the library and through the CLI (exit 1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic } from '../src/data/synthetic.ts';
import { listKinds } from '../src/models/index.ts';
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from '../src/models/io/safetensors.ts';
import { shapesOf, type FolderSpec } from '../src/models/io/folder-spec.ts';
import type { Manifest } from '../src/models/io/manifest.ts';
import { openRun, trainRun } from '../src/run/index.ts';
import { InputError } from '../src/util/errors.ts';
import { runCli } from './cli.ts';

const ds = generateSynthetic({ users: 24, items: 30, seed: 5, interactionsPerUser: 10 });
/** Small configs so that every kind trains in a second or two. */
const CONFIG: Record<string, Record<string, unknown>> = {
  lightgcn: { dim: 4, batch: 64, itersPerEpoch: 2 },
  'mf-bpr': { dim: 4, batch: 64, itersPerEpoch: 2 },
  item2vec: { minRating: 3, minWeight: 0.5, dim: 4, epochs: 1, workers: 1 },
  dskreg: { dim: 4, batch: 64, itersPerEpoch: 2 },
  'hetero-sage': { hidden: 8, userDim: 4, epochs: 2 },
  // The primal form stores its items × items weights (the dual form is refitted on load and stores none).
  ease: { maxDualUsers: 0 },
};

let root = '';
const saved = new Map<string, string>();

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'gnnrec-folder-faults-'));
  for (const k of listKinds()) {
    const dir = join(root, `saved-${k.kind}`);
    await trainRun({ kind: k.kind, dataset: ds, seed: 1, config: CONFIG[k.kind] ?? {}, epochs: 1, out: dir });
    saved.set(k.kind, dir);
  }
});

after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

type Damage = (dir: string) => Promise<void>;

async function readTensors(dir: string): Promise<Record<string, StoredTensor>> {
  return decodeSafetensors(new Uint8Array(await readFile(join(dir, 'tensors.safetensors'))));
}

async function writeTensors(dir: string, t: Record<string, StoredTensor>): Promise<void> {
  await writeFile(join(dir, 'tensors.safetensors'), encodeSafetensors(t));
}

async function readJson(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

async function editManifest(dir: string, f: (m: Manifest) => void): Promise<void> {
  const m = await readJson(dir);
  f(m);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
}

/** Rewrites one tensor (data and shape) and re-encodes the file consistently, so only the named fault remains. */
async function editTensor(dir: string, name: string, f: (t: StoredTensor) => StoredTensor): Promise<void> {
  const t = await readTensors(dir);
  t[name] = f(t[name]!);
  await writeTensors(dir, t);
}

/** Rewrites the JSON header in place (same length, padded with spaces), leaving the data as it is. */
async function editHeader(
  dir: string,
  f: (h: Record<string, { data_offsets: number[] }>) => void,
): Promise<void> {
  const file = join(dir, 'tensors.safetensors');
  const buf = await readFile(file);
  const n = Number(buf.readBigUInt64LE(0));
  const h = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, { data_offsets: number[] }>;
  f(h);
  const json = JSON.stringify(h).padEnd(n, ' ');
  assert.equal(Buffer.byteLength(json), n);
  buf.write(json, 8, 'utf8');
  await writeFile(file, buf);
}

/** What the kind's own spec says about the saved folder: which tensors are sized by rows, by width, CSR parts. */
async function targets(
  kind: string,
  dir: string,
): Promise<{ spec: FolderSpec; rows: string; wide?: string }> {
  const k = listKinds().find((x) => x.kind === kind)!;
  assert.ok(k.folder, `${kind} declares what its folder holds`);
  const m = await readJson(dir);
  const spec = k.folder(m, shapesOf(await readTensors(dir)));
  const sized = Object.entries(spec.tensors).filter(([, r]) => !r.optional);
  const n = [m.ids.users.length, m.ids.items.length];
  // Kinds with no dense tensor per user or item (EASE keeps only the items it has weights for) have the seen items'
  // row offsets, one per user.
  const rows =
    sized.find(([, r]) => r.shape[0] !== null && n.includes(r.shape[0]))?.[0] ?? spec.csr?.[0]?.indptr;
  assert.ok(rows, `${kind}: some tensor has a row per user or item`);
  const wide = sized.find(([, r]) => r.shape.length === 2 && r.shape[1] !== null && r.shape[1] > 1)?.[0];
  assert.ok(spec.csr && spec.csr.length > 0, `${kind}: the seen items are checked`);
  return { spec, rows, wide };
}

/** Every fault to inject for a kind, with the file its error must name. */
async function faults(kind: string, dir: string): Promise<Array<[string, string, Damage]>> {
  const { spec, rows, wide } = await targets(kind, dir);
  const csr = spec.csr![0]!;
  const m = await readJson(dir);
  const TS = 'tensors.safetensors';
  const MF = 'manifest.json';
  // Ids that no longer match the tensors: named by the tensor that disagrees or by a nested model's manifest.
  const ANY = '';
  const list: Array<[string, string, Damage]> = [
    ['missing tensors file', TS, (d) => rm(join(d, TS))],
    ['missing manifest', MF, (d) => rm(join(d, MF))],
    ['manifest not JSON', MF, (d) => writeFile(join(d, MF), '{"kind": "' + kind)],
    [
      'tensor header not JSON',
      TS,
      async (d) => {
        const buf = await readFile(join(d, TS));
        buf.write('{not json', 8, 'utf8');
        await writeFile(join(d, TS), buf);
      },
    ],
    [
      'dtype',
      TS,
      (d) =>
        editTensor(d, rows, (t) => ({
          shape: t.shape,
          data:
            t.data instanceof Float32Array
              ? new Int32Array(t.data.buffer, t.data.byteOffset, t.data.length)
              : new Float32Array(t.data.buffer, t.data.byteOffset, t.data.length),
        })),
    ],
    [
      'rows',
      TS,
      (d) =>
        editTensor(d, rows, (t) => {
          const per = t.shape.slice(1).reduce((a, b) => a * b, 1);
          return {
            shape: [t.shape[0]! - 1, ...t.shape.slice(1)],
            data: t.data.slice(0, t.data.length - per),
          };
        }),
    ],
    [
      'byte offsets',
      TS,
      (d) =>
        editHeader(d, (h) => {
          const e = h[rows]!;
          e.data_offsets = [e.data_offsets[0]!, e.data_offsets[1]! - 4];
        }),
    ],
    ['ids: one item fewer', ANY, (d) => editManifest(d, (x) => void x.ids.items.pop())],
    ['ids: one user more', ANY, (d) => editManifest(d, (x) => void x.ids.users.push('ghost'))],
    [
      'ids: duplicate',
      MF,
      (d) =>
        editManifest(d, (x) => {
          x.ids.users[1] = x.ids.users[0]!;
        }),
    ],
    ['ids: not strings', MF, (d) => editManifest(d, (x) => ((x.ids as { items: unknown[] }).items[0] = 7))],
    [
      'indices out of range',
      TS,
      (d) =>
        editTensor(d, csr.indices, (t) => {
          const data = Int32Array.from(t.data);
          data[0] = csr.cols;
          return { shape: t.shape, data };
        }),
    ],
    [
      'row offsets decrease',
      TS,
      (d) =>
        editTensor(d, csr.indptr, (t) => {
          const data = Int32Array.from(t.data);
          data[1] = data[data.length - 1]! + 1;
          return { shape: t.shape, data };
        }),
    ],
    [
      'config value out of range',
      MF,
      (d) => editManifest(d, (x) => (x.config = { ...x.config, bogusKey: 1 })),
    ],
  ];
  if (wide)
    list.push([
      'dims',
      TS,
      (d) =>
        editTensor(d, wide, (t) => {
          const [r, c] = t.shape as [number, number];
          const data = new Float32Array(r * (c - 1));
          for (let i = 0; i < r; i++) data.set(t.data.subarray(i * c, i * c + c - 1), i * (c - 1));
          return { shape: [r, c - 1], data };
        }),
    ]);
  if (typeof m.config['dim'] === 'number')
    list.push([
      'config dim',
      TS,
      (d) => editManifest(d, (x) => (x.config = { ...x.config, dim: 2 * Number(m.config['dim']) })),
    ]);
  return list;
}

let copies = 0;
async function damaged(kind: string, damage: Damage): Promise<string> {
  const dir = join(root, `${kind}-${++copies}`);
  await cp(saved.get(kind)!, dir, { recursive: true });
  await damage(dir);
  return dir;
}

for (const k of listKinds()) {
  test(`a damaged ${k.kind} folder fails on open, naming the folder's file`, async () => {
    const pristine = saved.get(k.kind)!;
    await openRun(pristine, { dataset: ds }); // the undamaged folder opens
    for (const [what, file, damage] of await faults(k.kind, pristine)) {
      const dir = await damaged(k.kind, damage);
      await assert.rejects(
        openRun(dir, { dataset: ds }),
        (err: Error) => {
          assert.ok(err instanceof InputError, `${what}: ${err.stack}`);
          const named = /^(\S+?):/.exec(err.message)?.[1] ?? '';
          assert.ok(
            file
              ? named === join(dir, file)
              : named.startsWith(`${dir}/`) && /\.(json|safetensors)$/.test(named),
            `${what}: '${err.message}' names ${file || 'a file of the folder'}`,
          );
          assert.ok(!err.message.includes('\n'), `${what}: one line`);
          return true;
        },
        what,
      );
    }
  });
}

test('the CLI exits 1 with one line naming the file when a folder of any kind is damaged', async () => {
  const kinds = listKinds();
  for (const [n, k] of kinds.entries()) {
    // One fault per kind, a different one each time, so the CLI sees each class of damage at least once.
    const all = await faults(k.kind, saved.get(k.kind)!);
    const [what, file, damage] = all[(n + 4) % all.length]!;
    const dir = await damaged(k.kind, damage);
    const r = runCli(['recommend', '--model', dir, '--user', ds.users.raw(0), '--json']);
    assert.equal(r.status, 1, `${k.kind} ${what}: ${r.stderr}`);
    assert.equal(r.stdout, '', `${k.kind} ${what}: nothing is recommended`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(
      lines[0]!.startsWith(`gnnrec: ${file ? join(dir, file) : `${dir}/`}`),
      `${k.kind} ${what}: ${lines[0]}`,
    );
  }
});
