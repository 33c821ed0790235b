// Cost of exact EASE reasons for long histories (issue 19): times `explainItems` over a trained user's top-10 for
// the user with the longest history of ml-latest-small (user 414, 2,698 ratings) and, with --all, for every user
// (what precomputing every user's list costs); checks that contributions + residual = score on every card.
// --before times the old path (every term over the whole catalogue, then read at the listed items).
//   nice -n 10 node --import tsx bench/reasons-long.ts [--data DIR] [--user 414] [--all] [--before]
import { resolve } from 'node:path';
import { loadDataset } from '../src/data/load.ts';
import { NEW_USER_MODEL } from '../src/eval/onboard-default.ts';
import { explainItems } from '../src/explain/list.ts';
import type { Ease } from '../src/models/ease/model.ts';
import { trainRun } from '../src/run/index.ts';
import { csrRow, type Csr } from '../src/tensor/csr.ts';
import { setBackend } from '../src/tensor/backend/registry.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  await setBackend('wasm');
  const data = resolve(arg('data') ?? '../shared/data/ml-latest-small');
  const ds = await loadDataset(data);
  // The served new-user model (EASE) on every positive (protocol `full`), as the demo trains it.
  const run = await trainRun({
    kind: NEW_USER_MODEL.kind,
    source: { data },
    dataset: ds,
    protocol: 'full',
    defaults: 'schema',
    config: { ...NEW_USER_MODEL.config },
    seed: 1,
    epochs: 1,
  });
  const model = run.model as Ease;
  const seen = (model as unknown as { seen: Csr }).seen;
  const explainUser = (u: number): number => {
    const row = csrRow(seen, u).slice();
    const top = model.recommend(Int32Array.of(u), { k: 10 });
    const t0 = performance.now();
    const ex = explainItems(model, top.items, {
      history: { items: row, ratings: new Float32Array(row.length).fill(1) },
      top: 1 << 30,
    });
    const ms = performance.now() - t0;
    let worst = 0;
    for (const e of ex) {
      const sum = e.contributions.reduce((s, c) => s + c.weight, 0) + e.residual;
      worst = Math.max(worst, Math.abs(sum - e.score));
    }
    if (worst > 1e-3) throw new Error(`user ${ds.users.raw(u)}: contributions + residual ≠ score (${worst})`);
    return ms;
  };
  if (process.argv.includes('--before')) {
    // The cost before terms were read at the listed items: every term over the whole catalogue, then picked.
    const full = model.foldInTerms.bind(model);
    model.foldInTerms = (items, ratings, at) => {
      const r = full(items, ratings);
      return at ? { scores: r.scores, terms: r.terms.map((t) => Float32Array.from(at, (i) => t[i]!)) } : r;
    };
  }
  const user = ds.users.get(arg('user') ?? '414')!;
  const len = seen.indptr[user + 1]! - seen.indptr[user]!;
  const ms = explainUser(user);
  console.log(JSON.stringify({ user: ds.users.raw(user), history: len, explain_top10_ms: Math.round(ms) }));
  if (process.argv.includes('--all')) {
    let total = 0;
    for (let u = 0; u < ds.users.size; u++) total += explainUser(u);
    console.log(JSON.stringify({ users: ds.users.size, explain_all_s: Math.round(total / 100) / 10 }));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
