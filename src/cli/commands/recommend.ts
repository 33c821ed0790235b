import type { Command } from 'commander';
import { basename, resolve } from 'node:path';
import { readManifest, type Manifest } from '../../models/io/manifest.ts';
import type { TopK } from '../../models/recommender.ts';
import type { RecommendationRow } from '../../store/store.ts';
import { GnnrecError, UsageError } from '../../util/errors.ts';
import { parsePositiveInt, printJson } from '../output.ts';
import { factoryFor, useDefaultBackend } from './model-run.ts';

interface RecommendFlags {
  model: string;
  user?: string;
  all?: boolean;
  store?: string;
  modelId?: string;
  k: number;
  json?: boolean;
}

/** Row r of a batch's top-K as raw-id rows (1-based ranks, missing slots left out). */
function rowsOf(top: TopK, r: number, manifest: Manifest, userId: string): RecommendationRow[] {
  const out: RecommendationRow[] = [];
  for (let p = 0; p < top.k; p++) {
    const i = top.items[r * top.k + p];
    if (i >= 0) out.push({ userId, itemId: manifest.ids.items[i], score: top.scores[r * top.k + p], rank: p + 1 });
  }
  return out;
}

/**
 * Registers `gnnrec recommend --model DIR (--user ID | --all [--store URL [--model-id ID]]) [-k 10]`: raw ids in and
 * out, training items filtered. `--all` ranks every user of the model in one batch; with `--store` the lists replace
 * the model's rows of the store's `recommendations` (one transaction, with the model's registry row).
 */
export function registerRecommend(program: Command): void {
  program
    .command('recommend')
    .description('Top-K items for a user, or for every user (written back to a store with --store)')
    .requiredOption('--model <dir>', 'model folder written by gnnrec train')
    .option('--user <id>', 'raw user id as in the dataset')
    .option('--all', 'every user of the model')
    .option('--store <url>', 'with --all: write the lists to this store (pglite://PATH, postgres://…, arangodb://…)')
    .option('--model-id <id>', "with --store: the model's id in the store (default: the model folder's name)")
    .option('-k, --k <n>', 'number of items', parsePositiveInt('-k'), 10)
    .option('--json', 'print JSON (with --all and no --store: one object per user per line)')
    .action(async (o: RecommendFlags) => {
      if ((o.user === undefined) === !o.all) throw new UsageError('give exactly one of --user ID or --all');
      if (o.store !== undefined && !o.all) throw new UsageError('--store writes the lists of --all');
      await useDefaultBackend();
      const manifest = await readManifest(o.model);
      const model = await factoryFor(manifest.kind).load(o.model);
      if (o.user !== undefined) {
        const u = manifest.ids.users.indexOf(o.user);
        if (u < 0) throw new GnnrecError(`${o.model}/manifest.json: unknown user '${o.user}' (${manifest.ids.users.length} users)`);
        const items = rowsOf(model.recommend(Int32Array.of(u), { k: o.k, filterSeen: true }), 0, manifest, o.user).map((x) => ({ item: x.itemId, score: x.score, rank: x.rank }));
        if (o.json) printJson({ model: manifest.kind, user: o.user, k: o.k, items });
        else process.stdout.write(items.map((x) => `${String(x.rank).padStart(3)}  ${x.item.padEnd(12)} ${x.score.toFixed(4)}`).join('\n') + '\n');
        return;
      }
      const t0 = performance.now();
      const users = Int32Array.from({ length: manifest.ids.users.length }, (_, u) => u);
      const top = model.recommend(users, { k: o.k, filterSeen: true });
      const rankSeconds = (performance.now() - t0) / 1000;
      if (o.store === undefined) {
        const lines: string[] = [];
        for (let u = 0; u < users.length; u++) {
          const rows = rowsOf(top, u, manifest, manifest.ids.users[u]);
          if (o.json) lines.push(JSON.stringify({ user: manifest.ids.users[u], items: rows.map((x) => ({ item: x.itemId, score: x.score, rank: x.rank })) }));
          else for (const x of rows) lines.push(`${x.userId}\t${x.itemId}\t${x.score}\t${x.rank}`);
        }
        process.stdout.write(lines.length > 0 ? lines.join('\n') + '\n' : '');
        return;
      }
      await writeBack(o.store, o.modelId ?? basename(resolve(o.model)), manifest, top, { k: o.k, json: o.json === true, rankSeconds });
    });
}

/** Registers the model and replaces its recommendation rows in the store, then reports what changed. */
async function writeBack(url: string, modelId: string, manifest: Manifest, top: TopK, o: { k: number; json: boolean; rankSeconds: number }): Promise<void> {
  const { openStore } = await import('../../store/open.ts');
  const rows: RecommendationRow[] = [];
  for (let u = 0; u < manifest.ids.users.length; u++) rows.push(...rowsOf(top, u, manifest, manifest.ids.users[u]));
  const store = await openStore(url);
  try {
    const t0 = performance.now();
    await store.upsertModel({ id: modelId, kind: manifest.kind, config: manifest.config, metrics: manifest.metrics });
    const written = await store.writeRecommendations(modelId, rows);
    const out = {
      model: manifest.kind,
      model_id: modelId,
      store: store.url,
      users: manifest.ids.users.length,
      k: o.k,
      ...written,
      rank_seconds: Math.round(o.rankSeconds * 1000) / 1000,
      write_seconds: Math.round(performance.now() - t0) / 1000,
    };
    if (o.json) printJson(out);
    else process.stdout.write(`${modelId}: ${written.inserted} recommendations for ${out.users} users written to ${store.url} (${written.deleted} replaced)\n`);
  } finally {
    await store.close();
  }
}
