import type { Command } from 'commander';
import { readManifest } from '../../models/io/manifest.ts';
import type { Recommender } from '../../models/recommender.ts';
import { GnnrecError } from '../../util/errors.ts';
import { explain } from '../../explain/explain.ts';
import { SageIgExplainer } from '../../explain/sage-ig.ts';
import { rebuildItemFeatures } from '../../explain/sage-inputs.ts';
import type { Explanation } from '../../explain/types.ts';
import { HeteroSageModel } from '../../models/sage/model.ts';
import type { UserInteractions } from '../../explain/occlusion.ts';
import { getProtocol } from '../../eval/index.ts';
import { parsePositiveInt, printJson } from '../output.ts';
import { factoryFor, loadSource, readRunSource, useDefaultBackend } from './model-run.ts';

/** Kinds whose explainer reads the user's history from the model folder itself. */
const SELF_CONTAINED = new Set(['lightgcn', 'mf-bpr', 'graph-filter', 'item2vec', 'dskreg', 'hetero-sage']);

/** The user's training interactions rebuilt from the run source (dataset + protocol + seed in the manifest). */
async function trainingInteractions(dir: string, u: number): Promise<UserInteractions> {
  const run = await readRunSource(dir);
  const ds = await loadSource(run);
  const t = getProtocol(run.protocol).prepare(ds, run.seed).train.train;
  const items: number[] = [], ratings: number[] = [];
  for (let e = 0; e < t.user.length; e++) {
    if (t.user[e] !== u) continue;
    items.push(t.item[e]);
    ratings.push(t.rating[e]);
  }
  return { items: Int32Array.from(items), ratings: Float32Array.from(ratings) };
}

/**
 * Hetero-sage explanation with the item features rebuilt from the run source: other users' ratings of the item are
 * masked at every layer, and the graph restored from the folder's training interactions lets feature IG attribute
 * the prediction to genres, type, title and numeric fields. Without the dataset (or when the rebuilt features
 * disagree with the model) the item-side mask covers the last layer only and there are no feature attributions.
 */
async function explainSage(dir: string, model: HeteroSageModel, u: number, i: number, top: number): Promise<Explanation> {
  const feats = await readRunSource(dir)
    .then(loadSource)
    .then((ds) => rebuildItemFeatures(model, ds))
    .catch(() => null);
  if (feats) model.restoreGraphInputs(feats);
  const ex = new SageIgExplainer(model, 32, feats?.data ?? null).explain(u, i, { top, features: feats !== null });
  // Mask 1 must give back the model's cached prediction; otherwise the rebuilt features are not the trained ones.
  const plain = new SageIgExplainer(model, 32);
  const cached = plain.scoreHistory(u, plain.history(u))[i];
  return feats && Math.abs(ex.score - cached) > 1e-3 ? plain.explain(u, i, { top }) : ex;
}

/** Registers `gnnrec explain --model DIR --user ID --item ID`: why the model scores the item for the user. */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('Explain a recommendation: contributing rated items, edges, features or KG paths (raw ids)')
    .requiredOption('--model <dir>', 'model folder written by gnnrec train')
    .requiredOption('--user <id>', 'raw user id as in the dataset')
    .requiredOption('--item <id>', 'raw item id as in the dataset')
    .option('--top <n>', 'number of contributions', parsePositiveInt('--top'), 10)
    .option('--json', 'print one JSON object')
    .action(async (o: { model: string; user: string; item: string; top: number; json?: boolean }) => {
      await useDefaultBackend();
      const manifest = await readManifest(o.model);
      const u = manifest.ids.users.indexOf(o.user);
      if (u < 0) throw new GnnrecError(`${o.model}/manifest.json: unknown user '${o.user}' (${manifest.ids.users.length} users)`);
      const i = manifest.ids.items.indexOf(o.item);
      if (i < 0) throw new GnnrecError(`${o.model}/manifest.json: unknown item '${o.item}' (${manifest.ids.items.length} items)`);
      const model: Recommender = await factoryFor(manifest.kind).load(o.model);
      const hist = SELF_CONTAINED.has(manifest.kind) ? null : await trainingInteractions(o.model, u);
      const ex = model instanceof HeteroSageModel && model.seen ? await explainSage(o.model, model, u, i, o.top) : explain(model, hist, u, i, { top: o.top });
      // Dense indices → raw ids for the output; an item-side edge names the other user who rated the item.
      const { users, items } = manifest.ids;
      const contributions = ex.contributions.map((c) => {
        const base = { ...c, id: c.id >= 0 ? items[c.id] : null, label: c.kind === 'path' ? c.label : c.id >= 0 ? items[c.id] : c.label };
        if (!c.edge) return base;
        const node = c.edge.side === 'user' ? items[c.edge.node] : users[c.edge.node];
        return { ...base, label: c.edge.side === 'user' ? base.label : `user ${node} rated ${o.item}`, edge: { side: c.edge.side, node } };
      });
      const out = { model: ex.model, method: ex.method, user: o.user, item: o.item, score: ex.score, residual: ex.residual, contributions, ...(ex.detail?.sides ? { sides: ex.detail.sides } : {}) };
      if (o.json) printJson(out);
      else {
        const lines = [`${ex.method}: score ${ex.score.toFixed(4)} (residual ${ex.residual.toFixed(4)})`];
        for (const c of contributions) lines.push(`  ${c.kind.padEnd(7)} ${String(c.label).padEnd(c.edge?.side === 'item' ? 28 : 14)} ${c.weight.toFixed(4)}  ${(100 * c.share).toFixed(1)}%`);
        process.stdout.write(lines.join('\n') + '\n');
      }
    });
}
