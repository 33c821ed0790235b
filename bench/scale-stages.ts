// Stages of the scale benchmark at one size (bench/scale.ts runs each group of stages in a fresh process, so a
// group's peak RSS is its own). Prints one JSON line per stage:
// {"stage","n","seconds","cpu_seconds","rss_mb","peak_rss_mb","rows","rows_per_s","load1",…}.
//   node --import tsx bench/scale-stages.ts --n 1e6 --dir /tmp/gnnrec-scale [--pg URL] [--stages a,b]
//        [--rank-users all|N] [--candidates C] [--ivf LISTS:PROBE] [--hnsw M:EF] [--rerank-walks W]
//        [--lightgcn-steps 4] [--lightgcn-batch B]   (B: BPR triples per step, the large-batch mode; default 2048)
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/data/load.ts';
import type { Dataset } from '../src/data/types.ts';
import { synthesize } from '../src/data/synth/generate.ts';
import { buildBipartite } from '../src/graph/bipartite.ts';
import { normalizeBipartite, type NormalizedBipartite } from '../src/graph/normalize.ts';
import { GraphFilter } from '../src/models/graph-filter/model.ts';
import { LightGcn } from '../src/models/lightgcn/lightgcn.ts';
import { openStore } from '../src/store/open.ts';
import { getBackend, setBackend } from '../src/tensor/backend/registry.ts';
import { postmasterPid, serverCpuSeconds } from './scale-pg-cpu.ts';
import { synthShape } from './scale-shape.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1e6' },
    dir: { type: 'string', default: '/tmp/gnnrec-scale' },
    pg: { type: 'string' },
    stages: {
      type: 'string',
      default:
        'synth,read-lightgcn,read-csv,graph,spmm,pg-import,pg-read,pglite-import,gf-fit,recommend,pg-write-back',
    },
    'rank-users': { type: 'string', default: 'all' },
    // Graph-filter `candidates` (0 = exact scoring of every item; C > 0 = retrieval of C items + exact re-rank).
    candidates: { type: 'string', default: '0' },
    // Graph-filter IVF retrieval `lists:probe` (lists 0 = `topkDot` screens every item).
    ivf: { type: 'string', default: '0:16' },
    // Graph-filter HNSW retrieval `m:ef` (`ann=hnsw`; empty = the IVF / screen above).
    hnsw: { type: 'string', default: '' },
    // Graph-filter `rerank=estimate` with this many exact walks (empty = the exact re-rank).
    'rerank-walks': { type: 'string', default: '' },
    'lightgcn-steps': { type: 'string', default: '4' },
    // Large-batch mode: fewer full-graph propagations per epoch (an epoch is ⌈train / batch⌉ of them).
    'lightgcn-batch': { type: 'string', default: '' },
    'pglite-max': { type: 'string', default: '1e6' },
  },
});
const n = Number(values.n);
const shape = synthShape(n);
const dir = join(values.dir, `n${n}`);
const want = new Set(values.stages.split(','));
const K = 20;
// A LightGCN line holds all of a user's items: the most active synthetic user at 10⁸ has 250 k (≈ 1.7 MB).
const LINE = 1 << 28;

// The server's CPU time counts in the store stages (`pg-…`): cpu_seconds = client + server there.
const pgRoot = values.pg === undefined ? null : await postmasterPid(values.pg);

/** Times `fn` and prints its stage line; `extra` adds fields (rows for rows/s). */
async function stage<T>(
  name: string,
  fn: () => Promise<T> | T,
  rowsOf: (r: T) => number,
  extra: (r: T) => Record<string, unknown> = () => ({}),
): Promise<T> {
  global.gc?.();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const server = name.startsWith('pg-') ? pgRoot : null;
  const s0 = server === null ? 0 : serverCpuSeconds(server);
  const r = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const serverCpu = server === null ? null : serverCpuSeconds(server) - s0;
  const client = (c.user + c.system) / 1e6;
  const rows = rowsOf(r);
  const line = {
    stage: name,
    n,
    seconds: round(seconds),
    cpu_seconds: round(client + (serverCpu ?? 0)),
    ...(serverCpu !== null && { client_cpu_seconds: round(client), server_cpu_seconds: round(serverCpu) }),
    rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    rows,
    rows_per_s: Math.round(rows / seconds),
    load1: Math.round(loadavg()[0]! * 100) / 100,
    ...extra(r),
  };
  process.stdout.write(JSON.stringify(line) + '\n');
  return r;
}

/** Whether `a` holds `b`'s interactions in `b`'s order (dense ids agree: both number ids in import order). */
function sameInteractions(a: Dataset, b: Dataset): boolean {
  const [x, y] = [a.interactions, b.interactions];
  if (x.user.length !== y.user.length || a.users.size !== b.users.size || a.items.size !== b.items.size)
    return false;
  for (let k = 0; k < x.user.length; k++)
    if (x.user[k] !== y.user[k] || x.item[k] !== y.item[k] || x.rating[k] !== y.rating[k]) return false;
  return true;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (want.has('synth') || !existsSync(join(dir, 'lightgcn', 'train.txt'))) {
  await stage(
    'synth',
    () => synthesize({ ...shape, interactions: n, out: dir, seed: 1, format: 'both' }),
    (r) => r.interactions,
    (r) => ({ bytes: r.bytes }),
  );
}
let lg: Dataset | null = null;
if (
  want.has('read-lightgcn') ||
  want.has('graph') ||
  want.has('spmm') ||
  want.has('lightgcn-steps') ||
  want.has('gf-fit') ||
  want.has('recommend')
)
  lg = await stage(
    'read-lightgcn',
    () => loadDataset(join(dir, 'lightgcn'), { maxLineBytes: LINE }),
    (d) => d.interactions.user.length,
    (d) => ({ users: d.users.size, items: d.items.size }),
  );
let csv: Dataset | null = null;
if (want.has('read-csv') || want.has('pg-import') || want.has('pglite-import')) {
  csv = await stage(
    'read-csv',
    () => loadDataset(join(dir, 'csv'), { maxLineBytes: LINE }),
    (d) => d.interactions.user.length,
    (d) => ({ users: d.users.size, items: d.items.size }),
  );
}

if (values.pg !== undefined && csv !== null && want.has('pg-import')) {
  const rows = csv;
  const store = await openStore(values.pg);
  await store.clear();
  await stage(
    'pg-import',
    () => store.importDataset(rows),
    (c) => c.interactions.inserted + c.users.inserted + c.items.inserted,
    (c) => ({ interactions: c.interactions.inserted }),
  );
  // The import must not be bought with a slower read: readGraph of what was just imported, checked against it.
  if (want.has('pg-read'))
    await stage(
      'pg-read',
      () => store.readGraph(),
      (d) => d.interactions.user.length,
      (d) => ({ same_order: sameInteractions(d, rows) }),
    );
  await store.close();
}
if (csv !== null && want.has('pglite-import') && n <= Number(values['pglite-max'])) {
  const rows = csv;
  const path = join(values.dir, `pglite-n${n}`);
  const store = await openStore(`pglite://${path}`);
  await store.clear();
  await stage(
    'pglite-import',
    () => store.importDataset(rows),
    (c) => c.interactions.inserted + c.users.inserted + c.items.inserted,
  );
  await store.close();
}
// The CSV copy is not needed past the imports; free it before the model stages.
// eslint-disable-next-line no-useless-assignment -- dropping the reference is what lets the GC free it
csv = null;

if (lg !== null) {
  const ds = lg;
  const train = ds.providedSplit!.train;
  const tu = new Int32Array(train.length);
  const ti = new Int32Array(train.length);
  for (let k = 0; k < train.length; k++) {
    tu[k] = ds.interactions.user[train[k]!]!;
    ti[k] = ds.interactions.item[train[k]!]!;
  }
  let norm: NormalizedBipartite | null = null;
  if (want.has('graph') || want.has('spmm'))
    norm = await stage(
      'graph',
      () => normalizeBipartite(buildBipartite(ds.users.size, ds.items.size, tu, ti)),
      (g) => 2 * g.userItems.indptr[g.numUsers]!,
    );
  await setBackend('wasm');
  if (norm !== null && want.has('spmm')) {
    // One propagation layer of LightGCN (both blocks, 64 columns): an epoch of full-graph mini-batches is
    // ≈ (train / batch) × layers × 2 (forward + backward) of these.
    const g = norm;
    const dim = 64;
    const xi = new Float32Array(g.numItems * dim).fill(0.01);
    const xu = new Float32Array(g.numUsers * dim).fill(0.01);
    const ou = new Float32Array(g.numUsers * dim);
    const oi = new Float32Array(g.numItems * dim);
    const reps = 3;
    await stage(
      'spmm',
      () => {
        for (let r = 0; r < reps; r++) {
          getBackend().spmm(g.userItems, xi, dim, ou, 0);
          getBackend().spmm(g.itemUsers, xu, dim, oi, 0);
        }
        return reps;
      },
      () => reps * 2 * g.userItems.indptr[g.numUsers]!,
      () => ({ layers: reps, note: 'rows = non-zeros × layers; seconds for 3 layers of 64 columns' }),
    );
  }
  // eslint-disable-next-line no-useless-assignment -- dropping the reference is what lets the GC free it
  norm = null;
  if (want.has('lightgcn-steps')) {
    // A few BPR steps of the real trainer (default config: 3 layers, dim 64, batch 2048; 4 steps): each step propagates the
    // whole graph through all layers but the last, so an epoch costs ⌈train / batch⌉ steps of O(non-zeros) each.
    const steps = Number(values['lightgcn-steps']);
    const model = new LightGcn(ds.users.size, ds.items.size, {
      epochs: 1,
      itersPerEpoch: steps,
      ...(values['lightgcn-batch'] ? { batch: Number(values['lightgcn-batch']) } : {}),
    });
    const batch = model.cfg.batch;
    const perEpoch = Math.ceil(tu.length / batch);
    await stage(
      'lightgcn-steps',
      () =>
        model.fit(
          {
            numUsers: ds.users.size,
            numItems: ds.items.size,
            train: { user: tu, item: ti, rating: new Float32Array(tu.length).fill(1), timestamp: null },
          },
          { seed: 1, epochs: 1 },
        ),
      () => steps * batch,
      (r) => ({
        steps,
        batch,
        steps_per_epoch: perEpoch,
        train_seconds: round(r.seconds),
        epoch_seconds_estimate: Math.round((r.seconds / steps) * perEpoch),
        epoch_cpu_seconds_estimate: Math.round(
          (((r.extra as { cpu_ms_per_iteration?: number } | undefined)?.cpu_ms_per_iteration ?? 0) / 1000) *
            perEpoch,
        ),
        note: 'rows = BPR triples; epoch_seconds_estimate = training seconds of the steps (graph build excluded) / steps × steps per epoch',
      }),
    );
  }
  if (want.has('gf-fit') || want.has('recommend')) {
    const [ivfLists = 0, ivfProbe = 16] = values.ivf.split(':').map(Number);
    const [hnswM = 16, hnswEf = 0] = values.hnsw.split(':').map(Number);
    const model = new GraphFilter(ds.users.size, ds.items.size, {
      candidates: Number(values.candidates),
      ivfLists,
      ivfProbe,
      ...(values.hnsw ? { ann: 'hnsw' as const, hnswM, hnswEf } : {}),
      ...(values['rerank-walks']
        ? { rerank: 'estimate' as const, rerankWalks: Number(values['rerank-walks']) }
        : {}),
    });
    await stage(
      'gf-fit',
      () =>
        model.fit(
          {
            numUsers: ds.users.size,
            numItems: ds.items.size,
            train: { user: tu, item: ti, rating: new Float32Array(tu.length).fill(1), timestamp: null },
          },
          { seed: 1 },
        ),
      () => tu.length,
      (r) => ({ rank: (r.extra as { rank?: number } | undefined)?.rank, sketch: model.config.sketch }),
    );
    if (want.has('recommend') || want.has('pg-write-back')) {
      const m =
        values['rank-users'] === 'all'
          ? ds.users.size
          : Math.min(ds.users.size, Number(values['rank-users']));
      const users = Int32Array.from({ length: m }, (_, k) => Math.floor((k * ds.users.size) / m));
      const top = await stage(
        'recommend',
        () => model.recommend(users, { k: K, filterSeen: true }),
        () => m,
        () => ({
          all_users: ds.users.size,
          k: K,
          sampled: m < ds.users.size,
          candidates: Number(values.candidates),
          ivf_lists: ivfLists,
          ivf_probe: ivfProbe,
          ...(values.hnsw ? { hnsw_m: hnswM, hnsw_ef: hnswEf } : {}),
          ...(values['rerank-walks'] ? { rerank_walks: Number(values['rerank-walks']) } : {}),
        }),
      );
      if (values.pg !== undefined && want.has('pg-write-back')) {
        // Lists for every user (with --rank-users N < all: the sampled users' lists reused round-robin, which
        // leaves the write cost unchanged), as the columnar lists `gnnrec recommend --all --store` writes. The
        // synthetic CSV in the store has the LightGCN folder's ids.
        const items = new Int32Array(ds.users.size * K);
        const scores = new Float32Array(ds.users.size * K);
        for (let u = 0; u < ds.users.size; u++) {
          const s = m === ds.users.size ? u : u % m;
          items.set(top.items.subarray(s * K, s * K + K), u * K);
          scores.set(top.scores.subarray(s * K, s * K + K), u * K);
        }
        const lists = { k: K, userIds: ds.users.toJSON(), itemIds: ds.items.toJSON(), items, scores };
        const store = await openStore(values.pg);
        await store.upsertModel({ id: 'scale', kind: 'graph-filter', config: {}, metrics: {} });
        await stage(
          'pg-write-back',
          () => store.writeRecommendationLists!('scale', lists),
          (r) => r.inserted,
        );
        await store.close();
      }
    }
  }
}
process.exit(0);
