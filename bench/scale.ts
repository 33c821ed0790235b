// Scale benchmark (issue 23; not a test): every stage of gnnrec at 10⁶, 10⁷ (and, on a machine to itself, 10⁸)
// interactions of the synthetic generator (`gnnrec data synth`, 50 interactions per user, 200 per item: 2 M users ×
// 500 k items at 10⁸). Each size runs in a fresh process (bench/scale-stages.ts) so its peak RSS is its own.
//   node --import tsx bench/scale.ts [--sizes 1e6,1e7] [--dir /tmp/gnnrec-scale] [--out bench/scale-results] [--no-pg]
//        [--rank-users all|N] [--candidates C] [--ivf LISTS:PROBE] [--stages a,b] [--json]
//   node --import tsx bench/scale.ts --from a.json,b.json [--out …]   (table and chart of earlier runs, merged)
// Writes OUT.json (stage × size: seconds, CPU seconds, peak RSS, rows/s; exponents between the two largest sizes;
// extrapolations to 10⁸ and 10¹⁰) and OUT.svg (log–log: CPU seconds and peak RSS against interactions).
// PostgreSQL: a throw-away server from Debian's packages with default settings (fsync on), as bench/store-import.ts.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startPostgres, type PostgresServer } from '../test/store-postgres.ts';
import { scaleChartSvg, type ChartPanel, type ChartPoint } from './scale-chart.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1e6,1e7' },
    dir: { type: 'string', default: '/tmp/gnnrec-scale' },
    out: { type: 'string', default: 'bench/scale-results' },
    from: { type: 'string' },
    stages: { type: 'string' },
    'rank-users': { type: 'string', default: 'all' },
    candidates: { type: 'string', default: '0' },
    // Graph-filter IVF retrieval `lists:probe` (0:16 = screen every item).
    ivf: { type: 'string', default: '0:16' },
    'pglite-max': { type: 'string', default: '1e6' },
    'no-pg': { type: 'boolean', default: false },
    nice: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});

/** One stage at one size, as scale-stages.ts prints it. */
interface StageRow {
  stage: string;
  n: number;
  seconds: number;
  cpu_seconds: number;
  rss_mb: number;
  peak_rss_mb: number;
  rows: number;
  rows_per_s: number;
  [extra: string]: unknown;
}

// Stages that run in one process (a group's peak RSS is its own): the store imports apart from the model pipeline,
// PGlite apart from the server, and the pipeline read → fit → recommend → write-back together as a user runs it.
const GROUPS = [
  ['synth'],
  ['read-csv', 'pg-import', 'pg-read'],
  ['read-csv', 'pglite-import'],
  ['read-lightgcn', 'graph', 'spmm', 'lightgcn-steps'],
  ['read-lightgcn', 'gf-fit', 'recommend', 'pg-write-back'],
];
const only = values.stages === undefined ? null : new Set(values.stages.split(','));

const sizes = values.sizes
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const loadBefore = loadavg();
const rows: StageRow[] = [];
const repeats: StageRow[] = [];
/** Machine and load of each run whose rows are in the table (this one, or each `--from` file). */
const runs: unknown[] = [];

/**
 * Adds a stage line: a read repeated by a later group is kept apart (the table and exponents use each stage's first
 * run), and a ranking of a sample of users is scaled to every user (per-user cost × users), the sample's own
 * numbers kept in the row.
 */
function addRow(r: StageRow): void {
  if (r.sampled === true && r.sample_users === undefined && typeof r.all_users === 'number' && r.rows > 0) {
    const f = r.all_users / r.rows;
    Object.assign(r, {
      sample_users: r.rows,
      sample_seconds: r.seconds,
      sample_cpu_seconds: r.cpu_seconds,
      seconds: Math.round(r.seconds * f * 10) / 10,
      cpu_seconds: Math.round(r.cpu_seconds * f * 10) / 10,
      rows: r.all_users,
    });
  }
  (rows.some((q) => q.stage === r.stage && q.n === r.n) ? repeats : rows).push(r);
}

if (values.from !== undefined) {
  for (const file of values.from.split(',')) {
    const prior = JSON.parse(readFileSync(file, 'utf8')) as {
      machine: unknown;
      runs?: unknown[];
      rows: StageRow[];
      repeats?: StageRow[];
    };
    runs.push(...(prior.runs ?? [{ file, ...(prior.machine as object) }]));
    for (const r of prior.rows) addRow(r);
    repeats.push(...(prior.repeats ?? []));
  }
} else await runAll();

async function runAll(): Promise<void> {
  let pg: PostgresServer | null = null;
  if (!values['no-pg']) pg = await startPostgres();
  try {
    await runSizes(pg);
  } finally {
    await pg?.stop();
  }
  runs.push(machine());
}

/** The machine, Node version and load average before and after this run. */
function machine(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? '',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    sizes,
    load_before: loadBefore.map((x) => Math.round(x * 100) / 100),
    load_after: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

async function runSizes(pg: PostgresServer | null): Promise<void> {
  for (const n of sizes) {
    const url = pg ? await pg.createDatabase(`scale_${n}`) : null;
    for (const group of GROUPS) {
      const stages = group.filter(
        (g) =>
          (only === null || only.has(g)) &&
          !(g.startsWith('pg-') && url === null) &&
          !(g === 'pglite-import' && n > Number(values['pglite-max'])),
      );
      if (!stages.some((g) => !g.startsWith('read-'))) continue;
      await runGroup(n, stages, url);
    }
  }
}

/** Runs `stages` at size `n` in a child process (niced) and collects its stage lines. */
async function runGroup(n: number, stages: string[], url: string | null): Promise<void> {
  const args = [
    '-n',
    values.nice,
    process.execPath,
    '--expose-gc',
    '--import',
    'tsx',
    'bench/scale-stages.ts',
    '--n',
    String(n),
    '--dir',
    values.dir,
    '--rank-users',
    values['rank-users'],
    '--stages',
    stages.join(','),
    '--pglite-max',
    values['pglite-max'],
    '--candidates',
    values.candidates,
    '--ivf',
    values.ivf,
  ];
  if (url !== null) args.push('--pg', url);
  const child = spawn('nice', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('{')) continue;
    const r = JSON.parse(line) as StageRow;
    addRow(r);
    if (!values.json)
      process.stderr.write(
        `${r.stage.padEnd(14)} n=${n.toExponential(0)}  ${r.seconds.toFixed(2)} s  ${r.cpu_seconds.toFixed(2)} cpu-s  peak ${r.peak_rss_mb} MB  ${r.rows_per_s} rows/s\n`,
      );
  }
  const code = await new Promise<number | null>((ok) => child.on('close', ok));
  if (code !== 0) process.stderr.write(`size ${n}, stages ${stages.join(',')}: process exited ${code}\n`);
}

// Exponent of each stage between the two largest sizes that both measured it, from CPU seconds (the stable
// number on a shared machine) and wall seconds; extrapolated to 10⁸ and 10¹⁰ from the largest measured size.
const stages = [...new Set(rows.map((r) => r.stage))];
rows.sort((a, b) => stages.indexOf(a.stage) - stages.indexOf(b.stage) || a.n - b.n);
const growth = stages.map((stage) => {
  const s = rows.filter((r) => r.stage === stage).sort((a, b) => a.n - b.n);
  const hi = s.at(-1)!;
  const lo = s.length > 1 ? s.at(-2)! : null;
  const exp = (f: (r: StageRow) => number): number | null =>
    lo && f(lo) > 0 && f(hi) > 0
      ? Math.round((Math.log(f(hi) / f(lo)) / Math.log(hi.n / lo.n)) * 100) / 100
      : null;
  // Store stages: client + server CPU where both sizes recorded the server's, else the client's alone at both.
  const both = lo !== null && lo.server_cpu_seconds !== undefined && hi.server_cpu_seconds !== undefined;
  const cpuOf = (r: StageRow): number =>
    both || typeof r.client_cpu_seconds !== 'number' ? r.cpu_seconds : r.client_cpu_seconds;
  const e = { cpu: exp(cpuOf), wall: exp((r) => r.seconds), rss: exp((r) => r.peak_rss_mb) };
  const at = (target: number, v: number, x: number | null): number | null =>
    x === null || target <= hi.n ? null : Math.round(v * (target / hi.n) ** x * 10) / 10;
  return {
    stage,
    from_n: lo?.n ?? null,
    to_n: hi.n,
    exponent_cpu: e.cpu,
    exponent_wall: e.wall,
    exponent_peak_rss: e.rss,
    exponent_cpu_basis: hi.server_cpu_seconds === undefined ? 'process' : both ? 'client+server' : 'client',
    cpu_seconds_1e8: at(1e8, hi.cpu_seconds, e.cpu),
    peak_rss_mb_1e8: at(1e8, hi.peak_rss_mb, e.rss),
    cpu_seconds_1e10: at(1e10, hi.cpu_seconds, e.cpu),
  };
});

const result = {
  machine: runs.length === 1 ? runs[0] : machine(),
  runs,
  sizes: [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b),
  rows,
  repeats,
  growth,
};

const series = (
  f: (r: StageRow) => number,
  g: (x: (typeof growth)[number]) => number | null,
): Map<string, ChartPoint[]> => {
  const m = new Map<string, ChartPoint[]>();
  for (const stage of stages) {
    const pts: ChartPoint[] = rows
      .filter((r) => r.stage === stage)
      .map((r) => ({ n: r.n, value: f(r), extrapolated: false }));
    const x = growth.find((q) => q.stage === stage);
    const v = x ? g(x) : null;
    if (v !== null && v > 0) pts.push({ n: 1e8, value: v, extrapolated: true });
    m.set(stage, pts);
  }
  return m;
};
const panels: ChartPanel[] = [
  {
    title: 'CPU time per stage (dashed: extrapolated to 10^8)',
    unit: 'CPU seconds',
    series: series(
      (r) => r.cpu_seconds,
      (x) => x.cpu_seconds_1e8,
    ),
  },
  {
    title: 'Peak RSS of the process after each stage',
    unit: 'MB',
    series: series(
      (r) => r.peak_rss_mb,
      (x) => x.peak_rss_mb_1e8,
    ),
  },
];
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(`${values.out}.json`, JSON.stringify(result, null, 1) + '\n');
writeFileSync(`${values.out}.svg`, scaleChartSvg(panels));
if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
else {
  const lines = ['| stage | n | seconds | CPU s | peak RSS MB | rows/s |', '|---|---:|---:|---:|---:|---:|'];
  for (const r of rows)
    lines.push(
      `| ${r.stage} | ${r.n.toExponential(0)} | ${r.seconds} | ${r.cpu_seconds} | ${r.peak_rss_mb} | ${r.rows_per_s} |`,
    );
  lines.push(
    '',
    '| stage | exponent (CPU) | exponent (wall) | CPU s at 10^8 | peak RSS MB at 10^8 |',
    '|---|---:|---:|---:|---:|',
  );
  for (const g of growth)
    lines.push(
      `| ${g.stage} | ${g.exponent_cpu ?? ''} | ${g.exponent_wall ?? ''} | ${g.cpu_seconds_1e8 ?? ''} | ${g.peak_rss_mb_1e8 ?? ''} |`,
    );
  process.stdout.write(lines.join('\n') + `\n\nwrote ${join(values.out)}.json and .svg\n`);
}
