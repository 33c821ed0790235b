// Candidate retrieval + exact re-ranking of the graph filter against exact scoring (issue 23; not a test): fits GF-CF
// on the synthetic LightGCN folder of size n, ranks a sample of users both ways and prints, per candidate count C,
// the recall of the exact top-K, the share of identical lists and the CPU milliseconds per user of each path.
//   node --import tsx bench/scale-recall.ts --n 1e6 --dir /tmp/gnnrec-scale [--users 1000] [--c 250,500,1000,2000] [--hot 0,512]
//        [--skip-exact] [--ivf 0:0,256:16]   (IVF lists:probe; the first call of a setting includes its index build)
// The folder is `gnnrec data synth`'s (bench/scale-stages.ts --stages synth writes it).
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/data/load.ts';
import { recommendByCandidates } from '../src/models/graph-filter/candidates.ts';
import { GraphFilter } from '../src/models/graph-filter/model.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1e6' },
    dir: { type: 'string', default: '/tmp/gnnrec-scale' },
    users: { type: 'string', default: '1000' },
    c: { type: 'string', default: '250,500,1000,2000' },
    k: { type: 'string', default: '20' },
    'retrieval-rank': { type: 'string', default: '64' },
    hot: { type: 'string', default: '512' },
    'skip-exact': { type: 'boolean', default: false },
    // IVF retrieval settings `lists:probe` to try (0:0 = screen every item with topkDot).
    ivf: { type: 'string', default: '0:0' },
  },
});
const n = Number(values.n);
const K = Number(values.k);
await setBackend('wasm');
const ds = await loadDataset(join(values.dir, `n${n}`, 'lightgcn'), { maxLineBytes: 1 << 28 });
const train = ds.providedSplit!.train;
const user = Int32Array.from(train, (x) => ds.interactions.user[x]!);
const item = Int32Array.from(train, (x) => ds.interactions.item[x]!);
const model = new GraphFilter(ds.users.size, ds.items.size);
const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
let c0 = cpu();
await model.fit(
  {
    numUsers: ds.users.size,
    numItems: ds.items.size,
    train: { user, item, rating: new Float32Array(user.length).fill(1), timestamp: null },
  },
  { seed: 1 },
);
const fitCpu = (cpu() - c0) / 1000;
const m = Math.min(ds.users.size, Number(values.users));
const sample = Int32Array.from({ length: m }, (_, x) => Math.floor((x * ds.users.size) / m));
const base = {
  n,
  users: ds.users.size,
  items: ds.items.size,
  rank: model.itemFilter().rank,
  sample: m,
  k: K,
  fit_cpu_seconds: Math.round(fitCpu * 10) / 10,
};
let exact: Int32Array | null = null;
if (!values['skip-exact']) {
  c0 = cpu();
  exact = model.recommend(sample, { k: K, filterSeen: true }).items;
  const ms = (cpu() - c0) / m;
  console.log(JSON.stringify({ ...base, path: 'exact', cpu_ms_per_user: round(ms), load1: loadavg()[0] }));
}
for (const [lists, probe] of values.ivf.split(',').map((x) => x.split(':').map(Number) as [number, number]))
  for (const hot of values.hot.split(',').map(Number))
    for (const C of values.c.split(',').map(Number)) {
      c0 = cpu();
      const got = recommendByCandidates(
        model.itemFilter(),
        model.seen,
        model.singularValues,
        model.config.alpha,
        sample,
        { k: K, filterSeen: true },
        C,
        Number(values['retrieval-rank']),
        hot,
        { lists, probe },
      ).items;
      const ms = (cpu() - c0) / m;
      let hit = 0,
        total = 0,
        same = 0;
      if (exact) {
        for (let u = 0; u < m; u++) {
          const mine = new Set(got.subarray(u * K, u * K + K));
          let eq = true;
          for (let p = 0; p < K; p++) {
            const i = exact[u * K + p]!;
            if (got[u * K + p] !== i) eq = false;
            if (i < 0) continue;
            total++;
            if (mine.has(i)) hit++;
          }
          if (eq) same++;
        }
      }
      console.log(
        JSON.stringify({
          ...base,
          path: 'candidates',
          candidates: C,
          retrieval_rank: Number(values['retrieval-rank']),
          hot_items: hot,
          ivf_lists: lists,
          ivf_probe: probe,
          cpu_ms_per_user: round(ms),
          ...(exact && { recall: round(hit / total, 4), identical_lists: round(same / m, 4) }),
          load1: loadavg()[0],
        }),
      );
    }

function round(x: number, d = 2): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}
