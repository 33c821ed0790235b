// Full-ranking evaluation of a trained LightGCN model on its protocol's test users, three ways in one run:
//   ranked:      what `gnnrec eval` does (Recommender.rankUsers → backend topkDot: int16 bounds, exact verification);
//   materialised: the same model with rankUsers hidden (blocks of users × all items from the gemm, JS top-K);
//   torch:       ../shared/bench/lightgcn_torch_txt.py's evaluation (PyTorch block matmul + topk; its time does not
//                depend on the weights), with --torch.
//   node --import tsx bench/lightgcn-eval.ts --model DIR [--repeat 3] [--threads N] [--torch] [--json]
// Prints median seconds per path, the ratios, and whether both of our paths give the same metrics.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { selectBackend } from '../src/run/backend.ts';
import { openRun } from '../src/run/open.ts';
import type { Recommender } from '../src/models/recommender.ts';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const dir = resolve(arg('--model', '/tmp/gw-model'));
const repeat = Number(arg('--repeat', '3'));
const json = process.argv.includes('--json');
const threads = process.argv.includes('--threads') ? Number(arg('--threads', '2')) : undefined;
await selectBackend('wasm', threads);
// The run layer opens the folder (checked against its manifest) and rebuilds the protocol's split from its source.
const opened = await openRun(dir);
const model = opened.model;
const ds = await opened.dataset();
const setup = await opened.setup();
const data = opened.source?.data;

/** The model's interface minus `rankUsers`, so evaluation scores every item. */
const materialised = new Proxy(model, {
  get: (t, p) => (p === 'rankUsers' ? undefined : Reflect.get(t, p, t)),
  has: (t, p) => p !== 'rankUsers' && Reflect.has(t, p),
}) as Recommender;

function time(m: Recommender): { seconds: number; metrics: Record<string, number> } {
  const s: number[] = [];
  let metrics: Record<string, number> = {};
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    metrics = setup.evaluate(m, 'test', [20]);
    s.push((performance.now() - t0) / 1000);
  }
  s.sort((a, b) => a - b);
  return { seconds: s[Math.floor(s.length / 2)], metrics };
}

const ranked = time(model);
const full = time(materialised);
const out: Record<string, unknown> = {
  model: dir,
  dataset: ds.name,
  test_users: setup.csr.test.indptr.reduce((n, _, u, a) => (u > 0 && a[u] > a[u - 1] ? n + 1 : n), 0),
  threads: threads ?? 'all',
  ranked_seconds: ranked.seconds,
  materialised_seconds: full.seconds,
  ranked_over_materialised: ranked.seconds / full.seconds,
  same_metrics: JSON.stringify(ranked.metrics) === JSON.stringify(full.metrics),
  recall20: ranked.metrics['recall@20'],
  ndcg20: ranked.metrics['ndcg@20'],
};
if (process.argv.includes('--torch') && data) {
  const p = spawnSync(
    '/usr/bin/python3',
    [resolve('../shared/bench/lightgcn_torch_txt.py'), data, '--batches', '1'],
    { encoding: 'utf8' },
  );
  if (p.status === 0) {
    const t = JSON.parse(p.stdout.trim().split('\n').pop() ?? '{}') as { eval_s: number; threads: number };
    out.torch_eval_seconds = t.eval_s;
    out.torch_threads = t.threads;
    out.ranked_over_torch = ranked.seconds / t.eval_s;
  } else out.torch_error = p.stderr.slice(-500);
}
if (json) process.stdout.write(JSON.stringify(out) + '\n');
else
  for (const [k, v] of Object.entries(out))
    process.stdout.write(`${k.padEnd(26)} ${typeof v === 'number' ? +v.toFixed(4) : String(v)}\n`);
