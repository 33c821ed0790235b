// API load benchmark (not a test): GET /api/users/:id/recommendations over MovieLens latest-small,
// every user in a fixed shuffled cycle, 100 connections for 30 s. Target (issue 10): p99 ≤ 10 ms, zero errors.
//   node --import tsx bench/api-load.ts [--data ../shared/data/ml-latest-small] [--model DIR]
//        [--connections 100] [--duration 30] [--warmup 3] [--json]
//        [--server-flags='--max-semi-space-size=64 …'] [--client-flags='…']  (default: the flags of
//        `gnnrec serve`, SERVE_NODE_FLAGS in src/serve/relaunch.ts, for both; `=` is needed before a leading dash)
// Without --model a LightGCN is trained briefly first (serving cost does not depend on model quality).
// Three processes: this one only orchestrates; the server (`--serve-only`, with the node flags `gnnrec serve`
// uses, src/serve/relaunch.ts) and autocannon (`--load-only`) each run in a child of their own, so neither's
// garbage collection stops the other. A warm-up run (JIT, connection set-up) precedes the measured one.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
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
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    k: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    'server-flags': { type: 'string', default: SERVE_NODE_FLAGS.join(' ') },
    'client-flags': { type: 'string', default: SERVE_NODE_FLAGS.join(' ') },
    'serve-only': { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    'without-rate-limit': { type: 'boolean', default: false },
  },
});
const log = (s: string): void => void (values.json ? null : process.stderr.write(s + '\n'));

/** What the load child is asked to do. */
interface LoadJob {
  url: string;
  paths: string[];
  connections: number;
  duration: number;
}
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
    void autocannon({
      url: job.url,
      connections: job.connections,
      duration: job.duration,
      // Plain request objects: each connection cycles through them and no per-request JavaScript runs here.
      requests: job.paths.map((path) => ({ method: 'GET', path })),
    }).then((r: Result) => process.send?.(r));
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
  const dataset = await loadDataset(values.data);
  const models = await loadServedModels([values.model!]);
  const app = await buildServer({
    models,
    dataset,
    webRoot: null,
    rateLimit: values['without-rate-limit'] ? false : { max: 1e9, writeMax: 60 },
  });
  const t0 = performance.now();
  await app.gnnrec.engine.warm();
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
  process.send?.({ url, warm, model: models[0]!.kind, users: dataset.users.toJSON(), dataset: dataset.name });
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
  const server = fork(self, ['--serve-only', ...common], {
    execArgv: [...serverFlags, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const client = fork(self, ['--load-only', ...common], {
    execArgv: [...clientFlags, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await reply<{ url: string; warm: number; model: string; users: string[]; dataset: string }>(
      server,
    );
    await reply<string>(client);
    log(
      `server ready at ${ready.url}; precomputed ${ready.users.length} users' lists in ${ready.warm.toFixed(1)} s`,
    );
    const paths = Array.from(
      { length: ready.users.length },
      (_, j) => `/api/users/${ready.users[(j * 7919) % ready.users.length]}/recommendations?k=${values.k}`,
    );
    const job = (duration: number): LoadJob => ({
      url: ready.url,
      paths,
      connections: Number(values.connections),
      duration,
    });
    const warmup = Number(values.warmup);
    let warmupResult: Result | undefined;
    if (warmup > 0) {
      log(`warm-up: ${warmup} s`);
      warmupResult = await ask<Result>(client, job(warmup));
    }
    const loadAtStart = loadavg().map(round2);
    log(`load average before the run: ${loadAtStart.join(', ')}; measuring ${values.duration} s`);
    const s0 = await ask<ServerSample>(server, 'sample');
    const result = await ask<Result>(client, job(Number(values.duration)));
    const s1 = await ask<ServerSample>(server, 'sample');
    const cpuUs = s1.cpu.user + s1.cpu.system - s0.cpu.user - s0.cpu.system;
    const total = Math.max(1, result.requests.total);
    const out = {
      endpoint: 'GET /api/users/:id/recommendations?k=' + values.k,
      dataset: ready.dataset,
      model: ready.model,
      rate_limit: !values['without-rate-limit'],
      connections: result.connections,
      duration_s: result.duration,
      // A run that took much longer than asked was stopped from outside (VM or generator not scheduled): repeat it.
      stalled: result.duration > Number(values.duration) + 3,
      warmup_s: warmup,
      requests: result.requests.total,
      req_per_s: result.requests.average,
      latency_ms: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        p99_9: result.latency.p99_9,
        max: result.latency.max,
        mean: result.latency.mean,
      },
      errors: result.errors,
      non2xx: result.non2xx,
      timeouts: result.timeouts,
      warmup_run: warmupResult
        ? {
            requests: warmupResult.requests.total,
            p99_ms: warmupResult.latency.p99,
            errors: warmupResult.errors,
          }
        : null,
      server_cpu_us_per_request: Math.round((10 * cpuUs) / total) / 10,
      server_max_req_per_s_one_core: Math.round((1e6 * total) / cpuUs),
      server_gc: s1.gc,
      server_new_space_mib: s1.new_space_mib,
      node: process.version,
      node_flags: { server: serverFlags, load_generator: clientFlags },
      processes: 'server and autocannon in separate child processes',
      cpus: cpus().length,
      loadavg_before_bench: loadBefore,
      loadavg_before_run: loadAtStart,
      loadavg_after_run: loadavg().map(round2),
      warm_s: round1(ready.warm),
      target_met:
        result.latency.p99 <= 10 && result.errors === 0 && result.non2xx === 0 && result.timeouts === 0,
    };
    if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
    else console.log(out);
  } finally {
    server.kill('SIGTERM');
    client.kill('SIGTERM');
  }
}

/** Trains a LightGCN for 1 epoch of 50 iterations into a temporary folder. */
async function trainShortModel(): Promise<string> {
  const { loadDataset } = await import('../src/data/load.ts');
  await import('../src/eval/index.ts');
  const { getProtocol } = await import('../src/eval/protocols.ts');
  const { modelFactories } = await import('../src/models/index.ts');
  const dataset = await loadDataset(values.data);
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-bench-api-'));
  const setup = getProtocol('seed001').prepare(dataset, 1);
  const model = modelFactories
    .get('lightgcn')!
    .create(
      { ...setup.modelDefaults, itersPerEpoch: 50 },
      { numUsers: dataset.users.size, numItems: dataset.items.size },
    );
  log('training a short LightGCN (1 epoch of 50 iterations)…');
  await model.fit(setup.train, { seed: 1, epochs: 1 });
  await model.save(dir);
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
