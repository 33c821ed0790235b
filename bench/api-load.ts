// API load benchmark (not a test) over MovieLens latest-small, four scenarios in one run (issue 20's targets):
//   get:              GET /api/users/:id/recommendations, every user in a fixed shuffled cycle, --connections (100):
//                     p99 ≤ 10 ms, zero errors;
//   post_users:       POST /api/users (5 ratings of popular items each, `reasons: false`), --post-connections (50):
//                     ≥ 1500 req/s, p99 ≤ 50 ms, zero errors; post_users_with_reasons: the same with reasons (the UI's
//                     onboarding call), reported against the same target;
//   get_while_search: GET recommendations on 10 connections while 8 connections send 200-character searches:
//                     GET p99 ≤ 20 ms.
// The server holds a token (writes need one) and its limiter is configured for the bench (1e9 per minute).
//   node --import tsx bench/api-load.ts [--data ../shared/data/ml-latest-small] [--model DIR]
//        [--connections 100] [--post-connections 50] [--duration 30] [--warmup 3] [--scenarios get,post,post-reasons,search]
//        [--json] [--fold-in-threads N] [--backend js|wasm] [--log FILE]
//        [--server-flags='--max-semi-space-size=64 …'] [--client-flags='…']  (default: the flags of
//        `gnnrec serve`, SERVE_NODE_FLAGS in src/serve/relaunch.ts, for both; `=` is needed before a leading dash)
//        [--get-users N]  (GET cycles over the first N users `warm` precomputed, the cached path; default 0: every
//        user, so on a dataset with more users than the engine caches most GETs rank a user on arrival)
//        [--warm-users N]  (precompute only the first N users' lists, as `warm` does for all it caches; default 0:
//        `Engine.warm` itself. At 500 k items a list with reasons takes ≈ 0.5–3 s, so warming 10 000 takes hours)
// Before the POST scenarios one POST is sent and awaited (`first_post_s`): it loads the model into the fold-in thread.
// Scale (issue 23): a large synthetic catalogue, e.g. --data DIR/csv --model GF_DIR --get-users 10000 (docs/SCALING.md).
// Without --model a LightGCN is trained briefly first (serving cost does not depend on model quality).
// Three processes: this one only orchestrates; the server (`--serve-only`, with the node flags `gnnrec serve`
// uses, src/serve/relaunch.ts) and autocannon (`--load-only`) each run in a child of their own, so neither's
// garbage collection stops the other. A warm-up run (JIT, connection set-up) precedes the measured one.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Result } from 'autocannon';
import { SERVE_NODE_FLAGS } from '../src/serve/relaunch.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/ml-latest-small' },
    model: { type: 'string' },
    connections: { type: 'string', default: '100' },
    'post-connections': { type: 'string', default: '50' },
    scenarios: { type: 'string', default: 'get,post,post-reasons,search' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    k: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    'server-flags': { type: 'string', default: SERVE_NODE_FLAGS.join(' ') },
    'client-flags': { type: 'string', default: SERVE_NODE_FLAGS.join(' ') },
    'serve-only': { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    'without-rate-limit': { type: 'boolean', default: false },
    'get-users': { type: 'string', default: '0' },
    'warm-users': { type: 'string', default: '0' },
    // The server logs every request as `gnnrec serve` does (pino JSON lines on its stderr), here into this file.
    log: { type: 'string' },
    backend: { type: 'string' },
    // As `gnnrec serve` (src/serve/start.ts): new users' fold-ins on threads beside the event loop; 0: inline.
    'fold-in-threads': {
      type: 'string',
      default: String(Math.max(1, Math.min(4, availableParallelism() - 1))),
    },
  },
});
const log = (s: string): void => void (values.json ? null : process.stderr.write(s + '\n'));

/** One stream of requests: a connection count and the requests each connection cycles through. */
interface Leg {
  connections: number;
  requests: Array<{ method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> }>;
}
/** What the load child is asked to do: legs run at the same time, one autocannon each. */
interface LoadJob {
  url: string;
  legs: Leg[];
  duration: number;
}
/** The bench server's write token (a bench-only value: the server listens on loopback). */
const BENCH_TOKEN = 'bench-token-0123456789abcdef';
/** Server CPU time and garbage collections since the previous sample. */
interface ServerSample {
  cpu: NodeJS.CpuUsage;
  gc: { scavenges: number; others: number; total_ms: number; max_ms: number };
  new_space_mib: number;
}

if (values['load-only']) await loadChild();
else if (values['serve-only']) await serverChild();
else await orchestrate();

/** Load child: runs one autocannon job per message and answers with its result. */
async function loadChild(): Promise<void> {
  const { default: autocannon } = await import('autocannon');
  process.on('message', (job: LoadJob) => {
    void Promise.all(
      job.legs.map((leg) =>
        autocannon({
          url: job.url,
          connections: leg.connections,
          duration: job.duration,
          // Plain request objects: each connection cycles through them and no per-request JavaScript runs here.
          requests: leg.requests,
        }),
      ),
    ).then((r: Result[]) => process.send?.(r));
  });
  process.send?.('ready');
}

/** Server child: builds the server as `gnnrec serve` does (rate limit on, unreachable), warms it, listens. */
async function serverChild(): Promise<void> {
  const { getHeapSpaceStatistics } = await import('node:v8');
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  const { loadDataset } = await import('../src/data/load.ts');
  const { loadServedModels } = await import('../src/serve/served-model.ts');
  const { buildServer } = await import('../src/serve/server.ts');
  // The compute backend `gnnrec serve` selects (wasm unless told otherwise): the top-K kernels the engine ranks with.
  const { selectBackend } = await import('../src/run/backend.ts');
  const backend = await selectBackend(values.backend);
  const tLoad = performance.now();
  const dataset = await loadDataset(values.data);
  const dataS = (performance.now() - tLoad) / 1000;
  const models = await loadServedModels([values.model!]);
  const modelS = (performance.now() - tLoad) / 1000 - dataS;
  const app = await buildServer({
    models,
    dataset,
    webRoot: null,
    rateLimit: values['without-rate-limit'] ? false : { max: 1e9, writeMax: 1e9 },
    token: BENCH_TOKEN,
    // As `gnnrec serve` with --log (its default): one line per request on stderr, which the orchestrator sent to a file.
    logger: values.log ? {} : false,
    foldInThreads: Number(values['fold-in-threads']),
  });
  const t0 = performance.now();
  const warmUsers = Number(values['warm-users']);
  if (warmUsers > 0)
    for (const u of models[0]!.users.toJSON().slice(0, warmUsers))
      app.gnnrec.engine.recommendBody(undefined, u, Number(values.k));
  else await app.gnnrec.engine.warm();
  const warm = (performance.now() - t0) / 1000;
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const gc = { scavenges: 0, others: 0, total_ms: 0, max_ms: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.scavenges++;
      else gc.others++;
      gc.total_ms += e.duration;
      gc.max_ms = Math.max(gc.max_ms, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  // CPU time is asked for before and after the load: CPU per request does not depend on other processes.
  process.on('message', () => {
    const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!;
    const sample: ServerSample = {
      cpu: process.cpuUsage(),
      gc: { ...gc, total_ms: round1(gc.total_ms), max_ms: round1(gc.max_ms) },
      new_space_mib: Math.round(newSpace.space_size / 2 ** 20),
    };
    Object.assign(gc, { scavenges: 0, others: 0, total_ms: 0, max_ms: 0 });
    process.send?.(sample);
  });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  // Popular items (most rated first) for onboarding bodies, and titles for search queries.
  const { counts, ids } = app.gnnrec.engine.catalog;
  const popular = Array.from(ids.keys())
    .sort((a, b) => counts[b]! - counts[a]! || a - b)
    .slice(0, 300)
    .map((i) => ids[i]!);
  const titles = dataset.itemMeta.slice(0, 2000).map((m, i) => m.title ?? dataset.items.raw(i));
  process.send?.({
    url,
    warm,
    load_s: { data: round1(dataS), model: round1(modelS) },
    rss_mib: Math.round(process.memoryUsage().rss / 2 ** 20),
    model: models[0]!.kind,
    backend,
    users: dataset.users.toJSON(),
    // The users `warm` precomputes come first in the model's own order (`Engine.warm`).
    modelUsers:
      values['get-users'] === '0' ? [] : models[0]!.users.toJSON().slice(0, Number(values['get-users'])),
    dataset: dataset.name,
    popular,
    titles,
  });
}

/** Orchestrator: trains a model if needed, starts both children, warms up, measures, prints the result. */
async function orchestrate(): Promise<void> {
  const loadBefore = loadavg().map(round2);
  let dir = values.model;
  if (!dir) dir = await trainShortModel();
  const self = fileURLToPath(import.meta.url);
  const common = ['--data', values.data, '--model', dir];
  const serverFlags = splitFlags(values['server-flags']);
  const clientFlags = splitFlags(values['client-flags']);
  const logFd = values.log ? openSync(values.log, 'w') : 'inherit';
  const serverArgs = ['--get-users', values['get-users'], '--warm-users', values['warm-users']];
  const server = fork(
    self,
    ['--serve-only', ...common, ...serverArgs, ...(values.log ? ['--log', values.log] : [])],
    {
      execArgv: [...serverFlags, '--import', 'tsx'],
      stdio: ['ignore', 'inherit', logFd, 'ipc'],
    },
  );
  const client = fork(self, ['--load-only', ...common], {
    execArgv: [...clientFlags, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await reply<{
      url: string;
      warm: number;
      load_s: { data: number; model: number };
      rss_mib: number;
      model: string;
      backend: string;
      users: string[];
      modelUsers: string[];
      dataset: string;
      popular: string[];
      titles: string[];
    }>(server);
    await reply<string>(client);
    log(
      `server ready at ${ready.url}; precomputed ${ready.users.length} users' lists in ${ready.warm.toFixed(1)} s`,
    );
    const getList = ready.modelUsers.length > 0 ? ready.modelUsers : ready.users;
    const getUsers = getList.length;
    const gets: Leg['requests'] = Array.from({ length: getUsers }, (_, j) => ({
      method: 'GET',
      path: `/api/users/${getList[(j * 7919) % getUsers]}/recommendations?k=${values.k}`,
    }));
    const write = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` };
    // `reasons: false` is an API client onboarding users (the lists only); `post_users_with_reasons` is the UI's
    // onboarding call, whose reasons cost several more fold-ins of each new user.
    const postsWith = (reasons: boolean): Leg['requests'] =>
      Array.from({ length: 500 }, (_, j) => ({
        method: 'POST',
        path: '/api/users',
        headers: write,
        body: JSON.stringify({
          ratings: [0, 1, 2, 3, 4].map((r) => ({
            item: ready.popular[(j * 37 + r * 61) % ready.popular.length]!,
            rating: 3 + ((j + r) % 3),
          })),
          k: Number(values.k),
          reasons,
        }),
      }));
    // 200-character run-ons of real titles: the longest query the API accepts.
    const searches: Leg['requests'] = Array.from({ length: 300 }, (_, j) => {
      let q = '';
      for (let t = j; q.length < 200; t += 101) q += ready.titles[(t * 13) % ready.titles.length]! + ' ';
      return { method: 'GET', path: `/api/items/search?q=${encodeURIComponent(q.slice(0, 200))}` };
    });
    const wanted = new Set(values.scenarios.split(',').map((x) => x.trim()));
    const scenarios: Array<{ name: string; legs: Leg[]; names: string[] }> = [];
    if (wanted.has('get'))
      scenarios.push({
        name: 'get',
        legs: [{ connections: Number(values.connections), requests: gets }],
        names: ['get'],
      });
    if (wanted.has('post'))
      scenarios.push({
        name: 'post_users',
        legs: [{ connections: Number(values['post-connections']), requests: postsWith(false) }],
        names: ['post'],
      });
    if (wanted.has('post-reasons'))
      scenarios.push({
        name: 'post_users_with_reasons',
        legs: [{ connections: Number(values['post-connections']), requests: postsWith(true) }],
        names: ['post'],
      });
    if (wanted.has('search'))
      scenarios.push({
        name: 'get_while_search',
        legs: [
          { connections: 10, requests: gets },
          { connections: 8, requests: searches },
        ],
        names: ['get', 'search'],
      });
    const warmup = Number(values.warmup);
    const duration = Number(values.duration);
    const report: Record<string, unknown> = {};
    let firstPost: number | null = null;
    if (scenarios.some((sc) => sc.name.startsWith('post_users'))) {
      const t = performance.now();
      const r = await fetch(ready.url + '/api/users', {
        method: 'POST',
        headers: write,
        body: postsWith(false)[0]!.body,
      });
      firstPost = round1((performance.now() - t) / 1000);
      log(`first POST ${r.status} in ${firstPost} s (the fold-in thread loads the model)`);
    }
    for (const sc of scenarios) {
      if (warmup > 0) {
        log(`${sc.name}: warm-up ${warmup} s`);
        await ask<Result[]>(client, { url: ready.url, legs: sc.legs, duration: warmup });
      }
      const loadAtStart = loadavg().map(round2);
      log(`${sc.name}: load average ${loadAtStart.join(', ')}; measuring ${duration} s`);
      const s0 = await ask<ServerSample>(server, 'sample');
      const results = await ask<Result[]>(client, { url: ready.url, legs: sc.legs, duration });
      const s1 = await ask<ServerSample>(server, 'sample');
      const cpuUs = s1.cpu.user + s1.cpu.system - s0.cpu.user - s0.cpu.system;
      const total = Math.max(
        1,
        results.reduce((a, r) => a + r.requests.total, 0),
      );
      const legs = Object.fromEntries(results.map((r, i) => [sc.names[i]!, summary(r, duration)]));
      const ok = (r: Result): boolean => r.errors === 0 && r.non2xx === 0 && r.timeouts === 0;
      const first = results[0]!;
      const target =
        sc.name === 'get'
          ? first.latency.p99 <= 10 && ok(first)
          : sc.name.startsWith('post_users')
            ? first.requests.average >= 1500 && first.latency.p99 <= 50 && ok(first)
            : first.latency.p99 <= 20 && results.every(ok);
      report[sc.name] = {
        ...legs,
        server_cpu_us_per_request: Math.round((10 * cpuUs) / total) / 10,
        // System time is mostly the kernel's TCP work for the socket reads and writes.
        server_cpu_system_us_per_request: Math.round((10 * (s1.cpu.system - s0.cpu.system)) / total) / 10,
        server_gc: s1.gc,
        loadavg_before_run: loadAtStart,
        loadavg_after_run: loadavg().map(round2),
        target_met: target,
      };
    }
    const out = {
      dataset: ready.dataset,
      model: ready.model,
      backend: ready.backend,
      rate_limit: values['without-rate-limit'] ? false : 'on, 1e9 per minute (configured for the bench)',
      request_log: values.log ?? false,
      targets: {
        get: 'p99 <= 10 ms at 100 connections, zero errors',
        post_users: '>= 1500 req/s and p99 <= 50 ms at 50 connections, zero errors',
        get_while_search: 'GET p99 <= 20 ms while 8 connections send 200-character searches',
      },
      ...report,
      targets_met: Object.values(report).every((r) => (r as { target_met: boolean }).target_met),
      node: process.version,
      node_flags: { server: serverFlags, load_generator: clientFlags },
      fold_in_threads: Number(values['fold-in-threads']),
      processes: 'server and autocannon in separate child processes',
      cpus: cpus().length,
      loadavg_before_bench: loadBefore,
      warm_s: round1(ready.warm),
      load_s: ready.load_s,
      first_post_s: firstPost,
      get_users: getUsers,
      server_rss_mib: { ready: ready.rss_mib },
    };
    if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
    else console.log(JSON.stringify(out, null, 2));
  } finally {
    server.kill('SIGTERM');
    client.kill('SIGTERM');
  }
}

/** One leg's result as reported: throughput, latency percentiles and failures. */
function summary(r: Result, asked: number): Record<string, unknown> {
  return {
    connections: r.connections,
    duration_s: r.duration,
    // A run that took much longer than asked was stopped from outside (VM or generator not scheduled): repeat it.
    stalled: r.duration > asked + 3,
    requests: r.requests.total,
    req_per_s: r.requests.average,
    latency_ms: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      mean: r.latency.mean,
    },
    errors: r.errors,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
  };
}

/** Trains a LightGCN for 1 epoch of 50 iterations into a temporary folder, through the run layer. */
async function trainShortModel(): Promise<string> {
  const { trainRun } = await import('../src/run/train.ts');
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-bench-api-'));
  log('training a short LightGCN (1 epoch of 50 iterations)…');
  // `out` saves the folder with its manifest, as `gnnrec train --out` does; the bench then serves it.
  await trainRun({
    kind: 'lightgcn',
    source: { data: values.data },
    protocol: 'seed001',
    seed: 1,
    epochs: 1,
    config: { itersPerEpoch: 50 },
    validate: false,
    test: false,
    out: dir,
  });
  return dir;
}

/** The next message of a child (rejects if it exits first). */
function reply<T>(child: ChildProcess): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`bench child exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as T);
    });
  });
}

/** Sends a message to a child and waits for its answer. */
function ask<T>(child: ChildProcess, message: LoadJob | string): Promise<T> {
  const answer = reply<T>(child);
  child.send(message);
  return answer;
}

function splitFlags(s: string): string[] {
  return s.split(/\s+/).filter((f) => f !== '');
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
