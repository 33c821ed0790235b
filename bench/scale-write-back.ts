// COPY write-back of `recommend --all` lists on a PostgreSQL server (issue 23), per path: the only model's lists
// written into an empty table and rewritten (TRUNCATE + primary key built after the COPY), a small second model
// written beside them (DELETE path: too many other rows to set aside), the big model rewritten beside the small one
// (its rows set aside, TRUNCATE, key after), the small one rewritten (DELETE path), and — what the schema leaves out —
// the big model written into the emptied table with the unpartitioned schema's three foreign keys added (the cost
// that made the server's `recommendations` drop them; this replaced bench/scale-fk.ts). Client and server CPU seconds
// (the server's from /proc) and rows per server CPU second; one JSON line per write.
//   node --import tsx bench/scale-write-back.ts [--users 200000] [--items 50000] [--k 20] [--no-fk]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { replaceRecommendations } from '../src/store/sql/recommendations.ts';
import { openSeededCatalogue } from './scale-pg-catalogue.ts';
import type { RecommendationLists } from '../src/store/store.ts';
import { startPostgres } from '../test/store-postgres.ts';
import { postmasterPid, serverCpuSeconds } from './scale-pg-cpu.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200000' },
    items: { type: 'string', default: '50000' },
    k: { type: 'string', default: '20' },
    'no-fk': { type: 'boolean', default: false },
  },
});
const [nu, ni, k] = [Number(values.users), Number(values.items), Number(values.k)];
const server = await startPostgres();
try {
  const url = await server.createDatabase('write_back');
  const root = (await postmasterPid(url))!;
  const db = await openSeededCatalogue(url, nu, ni);
  await db.query(
    `INSERT INTO models (id, kind, config, metrics) VALUES ('m', 'x', '{}', '{}'), ('o', 'x', '{}', '{}')`,
  );
  const lists = (users: number, shift: number): RecommendationLists => {
    const items = new Int32Array(users * k);
    const scores = new Float32Array(users * k);
    for (let u = 0; u < users; u++)
      for (let p = 0; p < k; p++) {
        items[u * k + p] = (u * 7 + p * 13 + shift) % ni;
        scores[u * k + p] = 1 / (p + 1);
      }
    return {
      k,
      userIds: Array.from({ length: users }, (_, u) => String(u)),
      itemIds: Array.from({ length: ni }, (_, i) => String(i)),
      items,
      scores,
    };
  };
  const write = async (label: string, model: string, l: RecommendationLists): Promise<void> => {
    const s0 = serverCpuSeconds(root);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await db.transaction((tx) => replaceRecommendations(tx, model, l));
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const srv = serverCpuSeconds(root) - s0;
    const client = (c.user + c.system) / 1e6;
    console.log(
      JSON.stringify({
        write: label,
        rows: r.inserted,
        deleted: r.deleted,
        seconds: round(seconds),
        client_cpu_seconds: round(client),
        server_cpu_seconds: round(srv),
        rows_per_server_cpu_s: Math.round(r.inserted / srv),
        load1: loadavg()[0],
      }),
    );
  };
  await write('only model, empty table', 'm', lists(nu, 0));
  await write('only model, rewrite', 'm', lists(nu, 1));
  await write('second model (small; DELETE path)', 'o', lists(Math.min(nu, 1000), 2));
  await write('rewrite beside a small second model (set aside)', 'm', lists(nu, 3));
  await write('small model rewritten beside the big one (DELETE path)', 'o', lists(Math.min(nu, 1000), 4));
  if (!values['no-fk']) {
    await db.query('TRUNCATE recommendations');
    for (const [col, ref] of [
      ['model_id', 'models'],
      ['user_id', 'users'],
      ['item_id', 'items'],
    ] as const)
      await db.query(
        `ALTER TABLE recommendations ADD FOREIGN KEY (${col}) REFERENCES ${ref}(id) ON DELETE CASCADE`,
      );
    await write(
      'only model, empty table, with the 3 foreign keys of the unpartitioned schema',
      'm',
      lists(nu, 5),
    );
  }
  await db.close();
} finally {
  await server.stop();
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
