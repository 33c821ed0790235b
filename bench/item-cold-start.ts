// Item cold start (not a test): hold out 10 % of MovieLens latest-small's rated items from training (every
// interaction on them removed), train a model on the rest, add the held-out items as new items through their
// content (src/serve/content-items.ts, what POST /api/items does), and rank them for every user who interacted
// with one. Recall@20 over the held-out items (hits / the user's held-out interactions), against a random ranking
// and popularity-by-genre (an item scores the mean training popularity of its genres, the same for every user).
//   node --import tsx bench/item-cold-start.ts [--data ../shared/data/ml-latest-small] [--models graph-filter,lightgcn]
//        [--epochs 20] [--seed 1] [--json]
// Each model is fitted through the run layer (`trainRun`: protocol `all` = every interaction of the reduced dataset
// trains, nothing held out; `defaults: 'schema'` = the kinds' schema defaults, not a protocol's prescription) and
// reopened as the server opens it.
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/data/load.ts';
import { withoutItems } from '../src/data/subset.ts';
import type { Dataset, ItemMeta } from '../src/data/types.ts';
import { trainRun } from '../src/run/train.ts';
import { ContentItems } from '../src/serve/content-items.ts';
import { loadServedModels } from '../src/serve/served-model.ts';
import { Rng } from '../src/util/rng.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/ml-latest-small' },
    models: { type: 'string', default: 'graph-filter,lightgcn' },
    epochs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const K = 20;
const log = (s: string): void => void process.stderr.write(s + '\n');

const full = await loadDataset(values.data);
const rng = new Rng(Number(values.seed));
// Held-out items: 10 % of the items that have at least one interaction (an unrated item has nothing to recall).
const rated = new Set(full.interactions.item);
const candidates = [...rated].sort((a, b) => a - b);
for (let i = candidates.length - 1; i > 0; i--) {
  const j = rng.int(i + 1);
  [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
}
const heldOut = new Set(candidates.slice(0, Math.round(candidates.length / 10)));
const { dataset: train, removed: test } = withoutItems(full, heldOut, `${full.name}-item-cold-start`);
log(
  `held out ${heldOut.size} of ${rated.size} rated items; ${test.size} users with ${[...test.values()].reduce((a, s) => a + s.size, 0)} held-out interactions`,
);

const newItems = [...heldOut].sort((a, b) => a - b);
const rows: Array<Record<string, unknown>> = [];
rows.push({ method: 'random', recall20: randomRecall(newItems.length, test) });
rows.push({ method: 'popularity-by-genre', recall20: genrePopularityRecall(train, newItems, test) });
for (const kind of values.models.split(',').map((x) => x.trim())) {
  const dir = join(await mkdtemp(join(tmpdir(), `gnnrec-cold-${kind}-`)), 'model');
  const run = await trainRun({
    kind,
    dataset: train,
    protocol: 'all',
    defaults: 'schema',
    seed: 1,
    epochs: Number(values.epochs),
    out: dir,
  });
  const fitS = run.summary.train_seconds;
  const [served] = await loadServedModels([dir]);
  const content = new ContentItems();
  for (const i of newItems) content.add({ id: full.items.raw(i), meta: full.itemMeta[i] ?? {} });
  const metaOf = (m: number): ItemMeta => train.itemMeta[train.items.get(served!.items.raw(m))!] ?? {};
  let sum = 0;
  const t1 = performance.now();
  for (const [user, relevant] of test) {
    const u = served!.users.get(full.users.raw(user));
    if (u === undefined) continue;
    const scores = content.extend(served!, served!.recommender.scoreUsers(Int32Array.of(u)), metaOf);
    const off = served!.items.size;
    sum += recallAt(
      newItems.map((_, j) => scores[off + j]!),
      newItems,
      relevant,
    );
  }
  rows.push({
    method: `content embedding (${kind})`,
    recall20: round4(sum / test.size),
    fit_s: Math.round(fitS * 10) / 10,
    rank_s: Math.round((performance.now() - t1) / 100) / 10,
  });
  log(`${kind}: ${JSON.stringify(rows.at(-1))}`);
}
const out = {
  dataset: full.name,
  held_out_items: heldOut.size,
  test_users: test.size,
  candidates: 'the held-out items only',
  recall: 'hits in the top 20 / the user’s held-out interactions, mean over users',
  rows,
  loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
};
if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
else {
  console.log(`| method | Recall@20 |\n| --- | --- |`);
  for (const r of rows) console.log(`| ${String(r['method'])} | ${String(r['recall20'])} |`);
  console.log(JSON.stringify(out));
}

/** Recall@20 of one ranking of `items` by `scores` (ties: lower index first). */
function recallAt(scores: number[], items: number[], relevant: Set<number>): number {
  const order = scores.map((s, j) => j).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let hits = 0;
  for (const j of order.slice(0, K)) if (relevant.has(items[j]!)) hits++;
  return hits / relevant.size;
}

/** Expected Recall@20 of a uniformly random ranking: 20 / candidates for every user (exact, no sampling). */
function randomRecall(n: number, test: Map<number, Set<number>>): number {
  return test.size === 0 ? 0 : round4(Math.min(1, K / n));
}

/** Popularity by genre: each new item scores the mean training interaction count of its genres' items. */
function genrePopularityRecall(tr: Dataset, items: number[], test: Map<number, Set<number>>): number {
  const perGenre = new Map<string, number>();
  for (let e = 0; e < tr.interactions.item.length; e++)
    for (const g of tr.itemMeta[tr.interactions.item[e]!]?.genres ?? [])
      perGenre.set(g, (perGenre.get(g) ?? 0) + 1);
  const scores = items.map((i) => {
    const gs = full.itemMeta[i]?.genres ?? [];
    return gs.length === 0 ? 0 : gs.reduce((a, g) => a + (perGenre.get(g) ?? 0), 0) / gs.length;
  });
  let sum = 0;
  for (const relevant of test.values()) sum += recallAt(scores, items, relevant);
  return round4(sum / test.size);
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
