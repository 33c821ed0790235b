// Store import benchmark (not a test): MovieLens latest-small into PGlite and PostgreSQL, and
// 1M synthetic ratings into PostgreSQL. Targets (issue 5): ≤ 5 s, ≤ 3 s, ≤ 30 s.
//   node --import tsx bench/store-import.ts [--data ../shared/data/ml-latest-small] [--skip-1m] [--lightgcn DIR] [--json]
// The PostgreSQL server is started here from Debian's packages with default settings (fsync on).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Dataset } from '../src/data/types.ts';
import { loadDataset } from '../src/data/load.ts';
import { generateSynthetic } from '../src/data/synthetic.ts';
import { openStore } from '../src/store/open.ts';
import { startPostgres } from '../test/store-postgres.ts';
import { datasetView } from '../test/store-fixtures.ts';
import { isDeepStrictEqual } from 'node:util';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/ml-latest-small' },
    'skip-1m': { type: 'boolean', default: false },
    /** Also import a LightGCN dataset folder (e.g. ../shared/data/gowalla) into PostgreSQL, checking its split survives. */
    lightgcn: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

interface Row {
  case: string;
  store: string;
  interactions: number;
  open_s: number;
  import_s: number;
  /** CPU seconds of the import (this process + PostgreSQL server processes). */
  import_cpu_s: number;
  reimport_s: number;
  read_s: number;
  /** readGraph() gave back exactly the imported dataset (ids, order, ratings, timestamps, metadata). */
  roundtrip_equal: boolean;
}

const sec = (t: number): number => Math.round((performance.now() - t) / 10) / 100;

/**
 * CPU seconds used so far by this process plus every PostgreSQL server process: on a shared,
 * loaded machine wall time depends on the neighbours, CPU time much less.
 */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime + stime
    } catch {
      // the process ended while we looked
    }
  }
  return (own.user + own.system) / 1e6 + ticks / 100;
}

async function measure(name: string, kind: string, url: string, ds: Dataset): Promise<Row> {
  let t = performance.now();
  const store = await openStore(url);
  const open = sec(t);
  t = performance.now();
  const cpu0 = cpuSeconds();
  const c = await store.importDataset(ds);
  const imp = sec(t);
  const impCpu = Math.round((cpuSeconds() - cpu0) * 100) / 100;
  t = performance.now();
  await store.importDataset(ds);
  const re = sec(t);
  t = performance.now();
  const back = await store.readGraph();
  const read = sec(t);
  const equal = isDeepStrictEqual(datasetView(back), datasetView(ds));
  await store.close();
  return {
    case: name,
    store: kind,
    interactions: c.interactions.inserted,
    open_s: open,
    import_s: imp,
    import_cpu_s: impCpu,
    reimport_s: re,
    read_s: read,
    roundtrip_equal: equal,
  };
}

const rows: Row[] = [];
const dir = mkdtempSync(join(tmpdir(), 'gnnrec-bench-'));
const server = await startPostgres();
try {
  let t = performance.now();
  const ml = await loadDataset(values.data);
  const loadS = sec(t);
  if (!values.json) console.error(`loaded ${ml.name} (${ml.interactions.user.length} ratings) in ${loadS} s`);
  rows.push(await measure(ml.name, 'pglite (file)', `pglite://${join(dir, 'ml')}`, ml));
  rows.push(await measure(ml.name, 'postgres', await server.createDatabase('bench_ml'), ml));
  if (!values['skip-1m']) {
    t = performance.now();
    const big = generateSynthetic({ users: 50_000, items: 1_000, interactionsPerUser: 20, seed: 1 });
    if (!values.json) console.error(`generated 1M synthetic ratings in ${sec(t)} s`);
    rows.push(await measure('synthetic-1m', 'postgres', await server.createDatabase('bench_1m'), big));
  }
  if (values.lightgcn !== undefined) {
    const lg = await loadDataset(values.lightgcn, { format: 'lightgcn' });
    rows.push(await measure(lg.name, 'postgres', await server.createDatabase('bench_lightgcn'), lg));
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
if (values.json) process.stdout.write(JSON.stringify({ rows, loadavg: load }) + '\n');
else console.error(`load average at the end: ${load}`);
if (!values.json) console.table(rows);
