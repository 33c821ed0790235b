// Start-up of the installed command (not a test): the compiled `bin/gnnrec.js` with no TypeScript loader.
// Medians of N runs of `gnnrec --version` and `gnnrec --help`, and of `gnnrec serve` from spawn to the first
// answered request (GET /api/health → 200), then to the first recommendation list (GET
// /api/users/U/recommendations → 200), on a dataset folder with a model folder; with the CPU seconds (all threads,
// the V8-flag re-run's parent included, from /proc) the serving processes had spent by the first list, the steadier
// measure on a loaded machine. Targets (issue 18): --version
// ≤ 0.3 s, --help ≤ 0.5 s, serve ≤ 2 s on MovieLens latest-small. Run `npm run build` first (dist/ is what it times).
//   node --import tsx bench/cli-startup.ts [--runs 5] [--data ../shared/data/ml-latest-small] [--model DIR] [--json]
// Without --model it trains a graph filter on all of --data (`--protocol full`) into a temporary folder first.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    data: { type: 'string', default: '../shared/data/ml-latest-small' },
    model: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const bin = fileURLToPath(new URL('../bin/gnnrec.js', import.meta.url));

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 1000) / 1000;
}

/** Seconds of one run of the command to completion (fails loudly on a non-zero exit). */
function timeCommand(args: string[], script: string[] = [bin]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...script, ...args], { encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`gnnrec ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}

/** CPU seconds (user + system, all threads) of a process and its children, or NaN where /proc is not there. */
function cpuSeconds(pid: number): number {
  try {
    const stat = (p: number): number => {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(f[11]) + Number(f[12]);
    };
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    // Clock ticks: 100 per second on Linux.
    return (stat(pid) + kids.reduce((a, k) => a + stat(Number(k)), 0)) / 100;
  } catch {
    return Number.NaN;
  }
}

interface ServeTiming {
  health: number;
  list: number;
  cpu: number;
}

/** Seconds from spawning `gnnrec serve` to its first 200 on /api/health and on a user's list; then stops it. */
async function timeServe(model: string, data: string, user: string): Promise<ServeTiming> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--model', model, '--data', data, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /serving at (\S+)/.exec(out);
        if (m) resolve(m[1]!.replace(/\/$/, ''));
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code} before listening: ${err}`)));
    });
    let health = 0;
    for (;;) {
      const r = await fetch(`${url}/api/health`).catch(() => null);
      if (r?.status === 200) {
        health = (performance.now() - t0) / 1000;
        break;
      }
      await new Promise((res) => setTimeout(res, 10));
    }
    const r = await fetch(`${url}/api/users/${encodeURIComponent(user)}/recommendations?k=10`);
    const body = (await r.json()) as { recommendations?: unknown[] };
    if (r.status !== 200 || !Array.isArray(body.recommendations) || body.recommendations.length !== 10)
      throw new Error(
        `recommendations for user ${user}: HTTP ${r.status} ${JSON.stringify(body).slice(0, 200)}`,
      );
    const list = (performance.now() - t0) / 1000;
    return { health, list, cpu: child.pid === undefined ? Number.NaN : cpuSeconds(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((res) => child.once('close', res));
  }
}

const tmp = values.model ? null : mkdtempSync(join(tmpdir(), 'gnnrec-cli-startup-'));
try {
  let model = values.model;
  if (!model) {
    model = join(tmp!, 'graph-filter');
    const r = spawnSync(
      process.execPath,
      [bin, 'train', '--data', values.data!, '--model', 'graph-filter', '--protocol', 'full', '--out', model],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`train exited ${r.status}: ${r.stderr}`);
  }
  timeCommand(['--version']); // warm the file cache once
  // Node itself, started the same way: on a loaded machine this floor says how much of each time is gnnrec's.
  const node = Array.from({ length: runs }, () => timeCommand(['-e', '0'], []));
  const version = Array.from({ length: runs }, () => timeCommand(['--version']));
  const help = Array.from({ length: runs }, () => timeCommand(['--help']));
  // The first user the model knows: the list is a real one, not an unknown-user error.
  const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')) as {
    ids: { users: string[] };
  };
  const user = manifest.ids.users[0]!;
  const timings: ServeTiming[] = [];
  for (let k = 0; k < runs; k++) timings.push(await timeServe(model, values.data!, user));
  const serve = timings.map((t) => Math.round(t.health * 1000) / 1000);
  const list = timings.map((t) => Math.round(t.list * 1000) / 1000);
  const cpu = timings.map((t) => t.cpu);
  const result = {
    runs,
    node_s: median(node),
    version_s: median(version),
    help_s: median(help),
    serve_first_answer_s: median(serve),
    serve_first_list_s: median(list),
    serve_cpu_s: median(cpu),
    samples: { node, version, help, serve, list, cpu },
    data: values.data,
    load: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  if (values.json) console.log(JSON.stringify(result));
  else
    console.log(
      `node -e 0 ${result.node_s} s; gnnrec --version ${result.version_s} s, --help ${result.help_s} s, serve → first answer ${result.serve_first_answer_s} s, first list ${result.serve_first_list_s} s (${result.serve_cpu_s} CPU s) (median of ${runs}; load ${result.load.join(' ')})`,
    );
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
