// What the foreign keys of `recommendations` cost a COPY write-back on a PostgreSQL server (issue 23): the same rows
// written twice, with the schema's three foreign keys and without them, server CPU seconds read from /proc.
//   node --import tsx bench/scale-fk.ts [--users 20000] [--items 5000] [--k 20]
import { parseArgs } from 'node:util';
import { replaceRecommendations } from '../src/store/sql/recommendations.ts';
import { openSeededCatalogue } from './scale-pg-catalogue.ts';
import type { RecommendationRow } from '../src/store/store.ts';
import { startPostgres } from '../test/store-postgres.ts';
import { postmasterPid, serverCpuSeconds } from './scale-pg-cpu.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '20000' },
    items: { type: 'string', default: '5000' },
    k: { type: 'string', default: '20' },
  },
});
const [nu, ni, k] = [Number(values.users), Number(values.items), Number(values.k)];
const server = await startPostgres();
try {
  const url = await server.createDatabase('fk');
  const root = (await postmasterPid(url))!;
  const db = await openSeededCatalogue(url, nu, ni);
  await db.query(`INSERT INTO models (id, kind, config, metrics) VALUES ('m', 'x', '{}', '{}')`);
  const rows: RecommendationRow[] = [];
  for (let u = 0; u < nu; u++)
    for (let p = 0; p < k; p++)
      rows.push({
        userId: String(u),
        itemId: String((u * 7 + p * 13) % ni),
        score: 1 / (p + 1),
        rank: p + 1,
      });
  const time = async (label: string): Promise<void> => {
    const s0 = serverCpuSeconds(root);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await db.transaction((tx) => replaceRecommendations(tx, 'm', rows));
    const server = serverCpuSeconds(root) - s0;
    const c = process.cpuUsage(c0);
    process.stdout.write(
      JSON.stringify({
        schema: label,
        rows: rows.length,
        seconds: Math.round(performance.now() - t0) / 1000,
        client_cpu_seconds: (c.user + c.system) / 1e6,
        server_cpu_seconds: Math.round(server * 100) / 100,
        rows_per_server_cpu_s: Math.round(rows.length / server),
      }) + '\n',
    );
  };
  await time('with foreign keys');
  // The second write also deletes the first one's rows: truncate so both runs insert into an empty table.
  await db.query('TRUNCATE recommendations');
  const fks = await db.query<{ name: string }>(
    `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'recommendations'::regclass AND contype = 'f'`,
  );
  for (const f of fks) await db.query(`ALTER TABLE recommendations DROP CONSTRAINT "${f.name}"`);
  await time(`without the ${fks.length} foreign keys`);
  await db.close();
} finally {
  await server.stop();
}
