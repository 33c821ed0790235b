// Candidate retrieval + exact re-ranking of the graph filter against exact scoring (issue 23; not a test): fits GF-CF
// on the synthetic LightGCN folder of size n, ranks a sample of users both ways and prints, per candidate count C,
// the recall of the exact top-K, the share of identical lists and the CPU milliseconds per user of each path.
//   node --import tsx bench/scale-recall.ts --n 1e6 --dir /tmp/gnnrec-scale [--users 1000] [--c 250,500,1000,2000] [--hot 0,512]
//        [--skip-exact | --exact-users 100 [--exact-one]] [--ivf 0:0,256:16 | --ivf=] [--hnsw 16:250] [--walks=-1,20,0]
//        [--co-rated 0:0,50:8192] [--profile]
//   (IVF lists:probe; each setting's index is built by a one-user call first, reported as index_cpu_seconds;
//    --profile adds wall ms and work counts per user for each phase of rank-profile.ts)
// The folder is `gnnrec data synth`'s (bench/scale-stages.ts --stages synth writes it).
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/data/load.ts';
import { recommendByCandidates } from '../src/models/graph-filter/candidates.ts';
import { GraphFilter } from '../src/models/graph-filter/model.ts';
import { profileRanking, RankProfile } from '../src/models/graph-filter/rank-profile.ts';
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
    // Exact scoring (the recall's reference) on this many of the sample's users, spread evenly (default: all).
    'exact-users': { type: 'string', default: '' },
    // Exact scoring one user per call: after the 10⁸ fit the wasm heap (4 GiB; freed blocks are reused only at their
    // own size) has no room for a block of users' dense scores (≈ 200 MB for 100 users at 500 k items).
    'exact-one': { type: 'boolean', default: false },
    // Where a user's time goes: wall ms and work counts per phase (rank-profile.ts), per user.
    profile: { type: 'boolean', default: false },
    // IVF retrieval settings `lists:probe` to try (0:0 = screen every item with topkDot).
    ivf: { type: 'string', default: '0:0' },
    // HNSW retrieval settings `m:ef` to try after the IVF ones (hnsw.ts).
    hnsw: { type: 'string', default: '' },
    // Re-rank walk budgets to try (-1 = exact re-rank; W ≥ 0 = rerank=estimate with W walks; rerank.ts).
    walks: { type: 'string', default: '-1' },
    // Co-rated candidates `count:budget` to try (0:0 = none; co-rated.ts).
    'co-rated': { type: 'string', default: '0:0' },
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
// Positions in `sample` of the users exact scoring ranks (at 10⁸ exact scoring is ≈ 0.5 s a user).
const me = values['exact-users'] === '' ? m : Math.min(m, Number(values['exact-users']));
const exactAt = Int32Array.from({ length: me }, (_, x) => Math.floor((x * m) / me));
let exact: Int32Array | null = null;
if (!values['skip-exact']) {
  c0 = cpu();
  const who = exactAt.map((x) => sample[x]!);
  if (values['exact-one']) {
    exact = new Int32Array(me * K);
    for (let x = 0; x < me; x++)
      exact.set(model.recommend(who.subarray(x, x + 1), { k: K, filterSeen: true }).items, x * K);
  } else exact = model.recommend(who, { k: K, filterSeen: true }).items;
  const ms = (cpu() - c0) / me;
  console.log(
    JSON.stringify({
      ...base,
      path: 'exact',
      exact_users: me,
      cpu_ms_per_user: round(ms),
      load1: loadavg()[0],
    }),
  );
}
// `--ivf=` (empty) tries no IVF setting, only the HNSW ones.
const settings = [
  ...(values.ivf ? values.ivf.split(',').map((x) => x.split(':').map(Number) as [number, number]) : []),
  ...(values.hnsw ? values.hnsw.split(',').map((x) => [-1, -1, ...x.split(':').map(Number)]) : []),
];
for (const [lists, probe, hm, hef] of settings)
  for (const hot of values.hot.split(',').map(Number))
    for (const C of values.c.split(',').map(Number))
      for (const walks of values.walks.split(',').map(Number))
        for (const [coCount, coBudget] of values['co-rated']
          .split(',')
          .map((x) => x.split(':').map(Number))) {
          const rank = (users: Int32Array): Int32Array =>
            recommendByCandidates(
              model.itemFilter(),
              model.seen,
              model.singularValues,
              model.config.alpha,
              users,
              { k: K, filterSeen: true },
              {
                candidates: C,
                retrievalRank: Number(values['retrieval-rank']),
                hotItems: hot,
                ivf:
                  lists! < 0
                    ? { lists: 0, probe: 0, hnsw: { m: hm!, ef: hef! } }
                    : { lists: lists!, probe: probe! },
                walks,
                coRated: { count: coCount!, budget: coBudget! },
              },
            ).items;
          // One user first: builds (or reuses) the setting's index, so the per-user figure is ranking alone.
          c0 = cpu();
          rank(sample.subarray(0, 1));
          const buildCpu = (cpu() - c0) / 1000;
          const prof = values.profile ? new RankProfile() : null;
          profileRanking(prof);
          c0 = cpu();
          const got = rank(sample);
          const ms = (cpu() - c0) / m;
          profileRanking(null);
          let hit = 0,
            total = 0,
            same = 0;
          if (exact) {
            for (let x = 0; x < me; x++) {
              const u = exactAt[x]!;
              const mine = new Set(got.subarray(u * K, u * K + K));
              let eq = true;
              for (let p = 0; p < K; p++) {
                const i = exact[x * K + p]!;
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
              rerank_walks: walks,
              co_rated: coCount,
              co_rated_budget: coBudget,
              ...(lists! < 0 ? { hnsw_m: hm, hnsw_ef: hef } : { ivf_lists: lists, ivf_probe: probe }),
              index_cpu_seconds: round(buildCpu),
              cpu_ms_per_user: round(ms),
              ...(prof && {
                phase_ms_per_user: Object.fromEntries(
                  Object.entries(prof.ms).map(([p, v]) => [p, round(v / m, 3)]),
                ),
                count_per_user: Object.fromEntries(
                  Object.entries(prof.count).map(([p, v]) => [p, Math.round(v / m)]),
                ),
              }),
              ...(exact && { recall: round(hit / total, 4), identical_lists: round(same / me, 4) }),
              load1: loadavg()[0],
            }),
          );
        }

function round(x: number, d = 2): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}
