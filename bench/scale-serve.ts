// Per-request costs of serving a large catalogue (issue 23), without HTTP: the dataset and model loaded as `gnnrec
// serve` loads them (`bench/api-load.ts` measures the same server under load), then, for distinct users, the work
// behind each request kind, one at a time on this thread:
//   list:     a trained user's uncached list (Engine.recommend without reasons: the model ranks one user);
//   reasons:  the same user's reasons added (what GET recommendations adds on a miss, and the UI's POST);
//   fold_in:  a new user's top 100 from 5 ratings of popular items, as a fold-in thread computes it (`foldInTop` where
//             the model has it, else `foldIn` + the one top-K), the work behind POST /api/users.
// Prints load seconds, RSS and per-request milliseconds (p50 / p99 / max) as JSON.
//   node --expose-gc --import tsx bench/scale-serve.ts --data DIR --model DIR [--users 40]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/data/load.ts';
import { selectBackend } from '../src/run/backend.ts';
import { loadServedModels } from '../src/serve/served-model.ts';
import { buildServer } from '../src/serve/server.ts';
import { topKIndices } from '../src/serve/topk.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    model: { type: 'string' },
    users: { type: 'string', default: '40' },
    backend: { type: 'string' },
  },
});
if (!values.data || !values.model) throw new Error('--data DIR and --model DIR are required');
const N = Number(values.users);
const loadBefore = loadavg().map(round2);
const backend = await selectBackend(values.backend);
const t0 = performance.now();
const dataset = await loadDataset(values.data);
const dataS = (performance.now() - t0) / 1000;
const [model] = await loadServedModels([values.model]);
const modelS = (performance.now() - t0) / 1000 - dataS;
const app = await buildServer({ models: [model!], dataset, webRoot: null, rateLimit: false, logger: false });
const engine = app.gnnrec.engine;
const rssReady = process.memoryUsage().rss;
const rec = model!.recommender;

// Users spread over the id range (activity differs along it), each asked once: every list is a cache miss.
const users = Array.from({ length: N }, (_, j) =>
  model!.users.raw(Math.floor(((j + 0.5) * model!.users.size) / N)),
);
// The first request builds what a model keeps per process (retrieval rows, hot columns, IVF): timed apart.
const firstT = performance.now();
engine.recommend(undefined, users[0]!, 10, false);
const firstS = (performance.now() - firstT) / 1000;
const list = timeEach(users, (u) => void engine.recommend(undefined, u, 10, false));
const reasons = timeEach(users, (u) => void engine.recommend(undefined, u, 10, true));

// New users: 5 ratings each of the 300 most popular items (as `bench/api-load.ts` posts them).
const { counts, ids } = engine.catalog;
const popular = Array.from(ids.keys())
  .sort((a, b) => counts[b]! - counts[a]! || a - b)
  .slice(0, 300)
  .map((i) => model!.items.get(ids[i]!)!)
  .filter((i) => i !== undefined);
const none = new Int32Array(0);
const foldIn = timeEach(
  Array.from({ length: N }, (_, j) => j),
  (j) => {
    const items = Int32Array.from([0, 1, 2, 3, 4], (r) => popular[(j * 37 + r * 61) % popular.length]!);
    const ratings = Float32Array.from([0, 1, 2, 3, 4], (r) => 3 + ((j + r) % 3));
    if (rec.foldInTop?.(items, ratings, 100, none)) return;
    topKIndices(rec.foldIn(items, ratings), 100, new Set(items));
  },
);
const out = {
  dataset: dataset.name,
  users: model!.users.size,
  items: model!.items.size,
  config: model!.manifest.config,
  backend,
  fold_in_path: rec.foldInTop?.(Int32Array.of(popular[0]!), Float32Array.of(5), 10, none)
    ? 'foldInTop'
    : 'foldIn + top-K',
  load_s: { data: round2(dataS), model: round2(modelS) },
  rss_mib_ready: Math.round(rssReady / 2 ** 20),
  rss_mib_end: Math.round(process.memoryUsage().rss / 2 ** 20),
  first_request_s: round2(firstS),
  ms: { list, reasons, fold_in: foldIn },
  loadavg: { before: loadBefore, after: loadavg().map(round2) },
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
await app.close();
process.exit(0);

/** Milliseconds of `fn` per input (wall, one at a time): p50, p99 and max. */
function timeEach<T>(
  xs: readonly T[],
  fn: (x: T) => void,
): { n: number; p50: number; p99: number; max: number } {
  const ms = xs.map((x) => {
    const s = performance.now();
    fn(x);
    return performance.now() - s;
  });
  ms.sort((a, b) => a - b);
  const at = (q: number): number => round2(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!);
  return { n: ms.length, p50: at(0.5), p99: at(0.99), max: round2(ms[ms.length - 1]!) };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
