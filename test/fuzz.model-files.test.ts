// Fuzzes model files (issue 21) against the library's decoders: real model folders trained here, their
// `tensors.safetensors` and `manifest.json` mutated byte-wise and structurally (header JSON entries, offsets,
// shapes, dtypes, manifest keys). The decoder returns tensors whose lengths match their shapes or throws
// an InputError naming the file; opening the folder loads a model or fails with a GnnrecError naming it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as fc from 'fast-check';
import { generateSynthetic } from '../src/data/synthetic.ts';
import { modelFactories } from '../src/models/index.ts';
import { decodeSafetensors } from '../src/models/io/safetensors.ts';
import { loadServedModels } from '../src/serve/served-model.ts';
import { GnnrecError, InputError } from '../src/util/errors.ts';
import { fuzz, fuzzRun, withinMs } from './fuzz-config.ts';

/** Kinds whose folders are fuzzed: small and quick to train, with their own tensor layouts. */
const KINDS = ['lightgcn', 'mf-bpr', 'popular'].filter((k) => modelFactories.has(k));

let root: string;
const folders: Array<{ kind: string; dir: string; files: Map<string, Buffer> }> = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'gnnrec-fuzz-models-'));
  const dataset = generateSynthetic({ users: 30, items: 40, seed: 4, interactionsPerUser: 6 });
  const sizes = { numUsers: dataset.users.size, numItems: dataset.items.size };
  for (const kind of KINDS) {
    const model = modelFactories.get(kind)!.create({ dim: 4 }, sizes);
    await model.fit({ ...sizes, train: dataset.interactions, dataset }, { seed: 1, epochs: 1 });
    const dir = join(root, `real-${kind}`);
    await model.save(dir);
    const files = new Map(
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => {
          const rel = join(e.parentPath, e.name).slice(dir.length + 1);
          return [rel, readFileSync(join(dir, rel))] as const;
        }),
    );
    folders.push({ kind, dir, files });
  }
});

/** A value a header or manifest field might be damaged into. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    -1,
    0,
    1,
    2 ** 53,
    2 ** 64,
    -(2 ** 31),
    1.5,
    'F32',
    'I32',
    'F64',
    '',
    [],
    {},
    [0],
    [-1, 4],
  ),
  fc.array(fc.oneof(fc.integer({ min: -8, max: 1 << 20 }), fc.constant(2 ** 60)), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Every path to a value in a JSON tree (arrays: the first few elements only). */
function paths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(prefix);
  if (Array.isArray(v)) v.slice(0, 4).forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

/** A structural edit of a JSON document: a value replaced or a key removed, at a path picked by index. */
interface JsonEdit {
  pick: number;
  remove: boolean;
  value: unknown;
}

function editJson(doc: unknown, edits: readonly JsonEdit[]): unknown {
  let root: unknown = structuredClone(doc);
  for (const e of edits) {
    const all = paths(root);
    const p = all[e.pick % all.length]!;
    if (p.length === 0) {
      root = structuredClone(e.value);
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const last = p[p.length - 1]!;
    if (e.remove && !Array.isArray(parent)) delete parent[last];
    else parent[last] = structuredClone(e.value);
  }
  return root;
}

const jsonEdits = fc.array(fc.record({ pick: fc.nat(), remove: fc.boolean(), value: junk }), {
  minLength: 1,
  maxLength: 3,
});

/** Byte edits, positions as fractions of the length (header bytes weighted, where damage matters most). */
type ByteEdit =
  | { op: 'set'; at: number; byte: number }
  | { op: 'truncate'; at: number }
  | { op: 'append'; bytes: Uint8Array }
  | { op: 'size'; value: bigint };

const byteEdits = fc.array(
  fc.oneof(
    fc.record({
      op: fc.constant('set' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      byte: fc.nat(255),
    }),
    fc.record({
      op: fc.constant('set' as const),
      at: fc.double({ min: 0, max: 0.02, noNaN: true }),
      byte: fc.nat(255),
    }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ op: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 16 }) }),
    fc.record({
      op: fc.constant('size' as const),
      value: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 4096n })),
    }),
  ),
  { minLength: 1, maxLength: 4 },
);

function editBytes(buf: Buffer, edits: readonly ByteEdit[]): Buffer {
  let out = Buffer.from(buf);
  for (const e of edits) {
    if (e.op === 'set' && out.length > 0)
      out[Math.min(out.length - 1, Math.floor(e.at * out.length))] = e.byte;
    else if (e.op === 'truncate') out = out.subarray(0, Math.floor(e.at * out.length));
    else if (e.op === 'append') out = Buffer.concat([out, e.bytes]);
    else if (e.op === 'size' && out.length >= 8) out.writeBigUInt64LE(e.value, 0);
  }
  return out;
}

/** Replaces the JSON header of a safetensors buffer, keeping its data section. */
function withHeader(buf: Buffer, header: unknown): Buffer {
  const n = Number(buf.readBigUInt64LE(0));
  const json = Buffer.from(JSON.stringify(header) ?? 'null');
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([size, json, buf.subarray(8 + n)]);
}

function headerOf(buf: Buffer): unknown {
  const n = Number(buf.readBigUInt64LE(0));
  return JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as unknown;
}

/** One damaged file of one real folder. */
interface Case {
  folder: number;
  file: number;
  how: { kind: 'bytes'; edits: ByteEdit[] } | { kind: 'json'; edits: JsonEdit[] };
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  folder: fc.nat(),
  file: fc.nat(),
  how: fc.oneof(
    fc.record({ kind: fc.constant('bytes' as const), edits: byteEdits }),
    fc.record({ kind: fc.constant('json' as const), edits: jsonEdits }),
  ),
});

function damage(c: Case): { folder: (typeof folders)[number]; file: string; bytes: Buffer } {
  const folder = folders[c.folder % folders.length]!;
  const names = [...folder.files.keys()].sort();
  const file = names[c.file % names.length]!;
  const real = folder.files.get(file)!;
  if (c.how.kind === 'bytes') return { folder, file, bytes: editBytes(real, c.how.edits) };
  const bytes = file.endsWith('.safetensors')
    ? withHeader(real, editJson(headerOf(real), c.how.edits))
    : file.endsWith('.json')
      ? Buffer.from(JSON.stringify(editJson(JSON.parse(real.toString('utf8')), c.how.edits), null, 1) ?? '')
      : editBytes(real, [{ op: 'set', at: 0.5, byte: 0 }]);
  return { folder, file, bytes };
}

test(
  'fuzz safetensors: the decoder decodes or names the file, never crashes',
  { timeout: 3_600_000 },
  async () => {
    assert.ok(folders.some((f) => [...f.files.keys()].some((n) => n.endsWith('.safetensors'))));
    await fuzz(
      'safetensors',
      caseArb,
      async (c) => {
        const folder = folders[c.folder % folders.length]!;
        const st = [...folder.files.keys()].filter((n) => n.endsWith('.safetensors')).sort();
        if (st.length === 0) return;
        const file = st[c.file % st.length]!;
        const { bytes } = damage({ ...c, file: [...folder.files.keys()].sort().indexOf(file) });
        const path = join(folder.dir, file);
        let tensors;
        try {
          tensors = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
        } catch (err) {
          assert.ok(
            err instanceof InputError,
            `not an InputError: ${err instanceof Error ? err.stack : String(err)}`,
          );
          assert.ok(err.message.startsWith(`${path}: `), err.message);
          assert.ok(!err.message.includes('\n') && err.message.length < 400, err.message);
          return;
        }
        for (const [name, t] of Object.entries(tensors))
          assert.equal(
            t.data.length,
            t.shape.reduce((a, b) => a * b, 1),
            `${name}: ${t.data.length} values for shape [${t.shape.join(', ')}]`,
          );
      },
      fuzzRun(1500),
    );
  },
);

// The server opens folders through openModelFolder (src/models/io/open-folder.ts): manifest and tensors are checked
// against each other before a kind's loader runs, so damage is a GnnrecError naming the folder, never a TypeError.
test(
  'fuzz model-folder: a damaged model folder loads or fails naming the folder',
  { timeout: 3_600_000 },
  async () => {
    let n = 0;
    await fuzz(
      'model-folder',
      caseArb,
      async (c) => {
        const { folder, file, bytes } = damage(c);
        const dir = join(root, `case-${n++}`);
        cpSync(folder.dir, dir, { recursive: true });
        writeFileSync(join(dir, file), bytes);
        try {
          await withinMs(loadServedModels([dir]), 10_000, 'load');
        } catch (err) {
          if (err instanceof assert.AssertionError) throw err;
          assert.ok(
            err instanceof GnnrecError,
            `${folder.kind} ${file}: not a GnnrecError: ${err instanceof Error ? err.stack : String(err)}`,
          );
          assert.ok(
            err.message.includes(basename(dir)),
            `${file}: the message names the folder: ${err.message}`,
          );
          assert.ok(!err.message.includes('\n'), `${file}: one line: ${err.message.slice(0, 300)}`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      fuzzRun(300),
    );
  },
);
