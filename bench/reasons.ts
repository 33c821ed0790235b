// Reasons that say something (issue 19): how many distinct "because you liked" sets a top-10 has, for the issue's
// new user (Toy Story 5, The Matrix 5, Star Wars IV 4, The Godfather 5, The Lion King 3) and for existing users, per
// served model trained on all of ml-latest-small; also checks that each card's reasons are the top of its "why?" page
// and that no list holds a rated film.
// Also times the longest history's list and "why?" page through the API (--long-user, default 414).
//   nice -n 10 node --import tsx bench/reasons.ts [--data DIR] [--users 50] [--models ease,lightgcn] [--long-user 414] [--json]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { NEW_USER_MODEL } from '../src/eval/onboard-default.ts';
import { prescribedKeys } from '../src/models/registry.ts';
import { factoryFor, trainRun } from '../src/run/index.ts';
import { loadServedModels } from '../src/serve/served-model.ts';
import { buildServer } from '../src/serve/server.ts';
import type {
  CreateUserResponse,
  ExplainResponse,
  Recommendation,
  RecommendationsResponse,
} from '../src/serve/schemas/types.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';
import { Rng } from '../src/util/rng.ts';

/** The demo's short schedule (100 iterations an epoch, a faster rate), for the kinds whose schema has these keys. */
const SHORT_SCHEDULE = { itersPerEpoch: 100, lr: 5e-3 };

/** The new user: MovieLens ids of Toy Story, The Matrix, Star Wars IV, The Godfather, The Lion King. */
const SCENARIO = [
  { item: '1', rating: 5 },
  { item: '2571', rating: 5 },
  { item: '260', rating: 4 },
  { item: '858', rating: 5 },
  { item: '364', rating: 3 },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Share of distinct reason sets (as sets of item ids) among the list's items. */
function distinctShare(recs: Recommendation[]): number {
  const sets = new Set(recs.map((r) => JSON.stringify(r.reasons.map((x) => x.item).sort())));
  return recs.length ? sets.size / recs.length : 0;
}

async function main(): Promise<void> {
  await setBackend('wasm');
  const data = resolve(arg('data') ?? '../shared/data/ml-latest-small');
  const ds = await loadDataset(data);
  const nUsers = Number(arg('users') ?? 50);
  const kinds = arg('models')?.split(',') ?? [NEW_USER_MODEL.kind, 'lightgcn'];
  const json = process.argv.includes('--json');
  const dirs: string[] = [];
  for (const kind of kinds) {
    // Served as the demo serves them: every positive (protocol `full`), the kinds' own defaults, seed 1, 10 epochs.
    const config =
      kind === NEW_USER_MODEL.kind
        ? { ...NEW_USER_MODEL.config }
        : prescribedKeys(factoryFor(kind).schema, SHORT_SCHEDULE);
    const dir = await mkdtemp(join(tmpdir(), `gnnrec-reasons-${kind}-`));
    dirs.push(dir);
    await trainRun({
      kind,
      source: { data },
      dataset: ds,
      protocol: 'full',
      defaults: 'schema',
      config,
      seed: 1,
      epochs: 10,
      out: dir,
    });
  }
  const app = await buildServer({
    models: await loadServedModels(dirs),
    dataset: ds,
    webRoot: null,
    allowAnonymousWrites: true,
    rateLimit: false,
  });
  const rows: Array<Record<string, number | string>> = [];
  try {
    const created = (
      await app.inject({ method: 'POST', url: '/api/users', payload: { ratings: SCENARIO, k: 10 } })
    ).json<CreateUserResponse>();
    const rng = new Rng(19);
    const users = Array.from({ length: nUsers }, () => ds.users.raw(rng.int(ds.users.size)));
    for (const m of app.gnnrec.engine.models) {
      const agree = async (user: string, recs: Recommendation[]): Promise<number> => {
        let same = 0;
        for (const r of recs) {
          const ex = (
            await app.inject({
              method: 'GET',
              url: `/api/users/${user}/explain/${r.item}?model=${encodeURIComponent(m.name)}`,
            })
          ).json<ExplainResponse>();
          const top = ex.reasons.slice(0, r.reasons.length);
          if (JSON.stringify(top) === JSON.stringify(r.reasons)) same++;
        }
        return same / Math.max(1, recs.length);
      };
      const mine = created.byModel[m.name] ?? [];
      const ratedNew = mine.filter((r) => SCENARIO.some((s) => s.item === r.item)).length;
      const newTitles = mine.map((r) => r.title);
      let existing = 0;
      let agreeExisting = 0;
      let ratedExisting = 0;
      for (const u of users) {
        const res = (
          await app.inject({
            method: 'GET',
            url: `/api/users/${u}/recommendations?k=10&model=${encodeURIComponent(m.name)}`,
          })
        ).json<RecommendationsResponse>();
        existing += distinctShare(res.recommendations);
        const rated = new Set(app.gnnrec.engine.history.get(u).map((r) => r.item));
        ratedExisting += res.recommendations.filter((r) => rated.has(r.item)).length;
        if (u === users[0]) agreeExisting = await agree(u, res.recommendations);
      }
      // The longest history (ml-latest-small's user 414): one list with reasons and its first "why?" page, timed.
      const long = arg('long-user') ?? '414';
      let longMs = { recommendations: -1, why: -1 };
      if (ds.users.has(long)) {
        const t0 = performance.now();
        const res = (
          await app.inject({
            method: 'GET',
            url: `/api/users/${long}/recommendations?k=10&model=${encodeURIComponent(m.name)}`,
          })
        ).json<RecommendationsResponse>();
        const t1 = performance.now();
        const first = res.recommendations[0]?.item;
        if (first !== undefined)
          await app.inject({
            method: 'GET',
            url: `/api/users/${long}/explain/${first}?model=${encodeURIComponent(m.name)}`,
          });
        longMs = { recommendations: Math.round(t1 - t0), why: Math.round(performance.now() - t1) };
      }
      const row = {
        model: m.name,
        [`user_${long}_recommendations_ms`]: longMs.recommendations,
        [`user_${long}_why_ms`]: longMs.why,
        new_user_distinct: distinctShare(mine),
        new_user_card_equals_why: await agree(created.user, mine),
        new_user_rated_in_list: ratedNew,
        existing_distinct_mean: Math.round((existing / users.length) * 1000) / 1000,
        existing_card_equals_why: agreeExisting,
        existing_rated_in_lists: ratedExisting,
        new_user_list: newTitles.join(' | '),
      };
      rows.push(row);
      if (!json) console.log(JSON.stringify(row));
    }
  } finally {
    await app.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
  if (json) console.log(JSON.stringify({ dataset: ds.name, users: nUsers, rows }));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
