// API load benchmark (not a test): GET /api/users/:id/recommendations over MovieLens latest-small,
// random users, 100 connections for 30 s. Target (issue 10): p99 ≤ 10 ms, zero errors.
//   node --import tsx bench/api-load.ts [--data ../shared/data/ml-latest-small] [--model DIR]
//        [--connections 100] [--duration 30] [--json]
// Without --model a LightGCN is trained briefly first (serving cost does not depend on model quality).
// The server runs in a child process (`--serve-only`), autocannon in this one, so each has its own core.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadDataset } from '../src/data/load.ts';
import '../src/eval/index.ts';
import { getProtocol } from '../src/eval/protocols.ts';
import { modelFactories } from '../src/models/index.ts';
import { loadServedModels } from '../src/serve/served-model.ts';
import { buildServer } from '../src/serve/server.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/ml-latest-small' },
    model: { type: 'string' },
    connections: { type: 'string', default: '100' },
    duration: { type: 'string', default: '30' },
    k: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    'serve-only': { type: 'boolean', default: false },
    'without-rate-limit': { type: 'boolean', default: false },
  },
});
const log = (s: string): void => void (values.json ? null : process.stderr.write(s + '\n'));

const dataset = await loadDataset(values.data);
let dir = values.model;
if (!dir) {
  dir = await mkdtemp(join(tmpdir(), 'gnnrec-bench-api-'));
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
}
if (values['serve-only']) {
  const models = await loadServedModels([dir]);
  // Rate limiting stays on (its hook is part of the hot path), with a limit the benchmark cannot reach.
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
  process.stdout.write(JSON.stringify({ url, warm, model: models[0]!.kind }) + '\n');
  // The parent asks for CPU time before and after the load: CPU per request does not depend on other processes.
  process.on('message', () => process.send?.(process.cpuUsage()));
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
} else {
  await runLoad(dir);
}

async function runLoad(modelDir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--serve-only',
      '--data',
      values.data,
      '--model',
      modelDir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const ready = await new Promise<{ url: string; warm: number; model: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n'))
        resolve(JSON.parse(out.split('\n')[0]!) as { url: string; warm: number; model: string });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const { url } = ready;
  const warmSeconds = ready.warm;
  log(
    `server ready at ${url}; precomputed ${dataset.users.size} users' lists in ${warmSeconds.toFixed(1)} s`,
  );
  const users = dataset.users.toJSON();
  const cpu = (): Promise<NodeJS.CpuUsage> =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve(m as NodeJS.CpuUsage));
      child.send('cpu');
    });
  const cpu0 = await cpu();
  const result = await autocannon({
    url,
    connections: Number(values.connections),
    duration: Number(values.duration),
    // Every user in a fixed shuffled order, as plain request objects: each connection cycles through
    // them, so the whole cache is covered and no per-request JavaScript runs in the load generator.
    requests: Array.from({ length: users.length }, (_, j) => ({
      method: 'GET',
      path: `/api/users/${users[(j * 7919) % users.length]}/recommendations?k=${values.k}`,
    })),
  });
  const cpu1 = await cpu();
  child.kill('SIGTERM');
  const cpuUs = cpu1.user + cpu1.system - cpu0.user - cpu0.system;

  const out = {
    rate_limit: !values['without-rate-limit'],
    endpoint: 'GET /api/users/:id/recommendations?k=' + values.k,
    dataset: dataset.name,
    model: ready.model,
    connections: result.connections,
    duration_s: result.duration,
    requests: result.requests.total,
    req_per_s: result.requests.average,
    latency_ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    warm_s: Math.round(warmSeconds * 10) / 10,
    server_cpu_us_per_request: Math.round(cpuUs / Math.max(1, result.requests.total)),
    server_max_req_per_s_one_core: Math.round((1e6 * Math.max(1, result.requests.total)) / cpuUs),
    target_met:
      result.latency.p99 <= 10 && result.errors === 0 && result.non2xx === 0 && result.timeouts === 0,
  };
  if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
  else console.log(out);
}
