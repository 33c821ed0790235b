import { explain } from '../explain/explain.ts';
import { explainItems } from '../explain/list.ts';
import { csrRow, type Csr } from '../tensor/csr.ts';
import type { UserInteractions } from '../explain/occlusion.ts';
import { SageIgExplainer } from '../explain/sage-ig.ts';
import { rebuildItemFeatures } from '../explain/sage-inputs.ts';
import { pathLabel, type EdgeRef, type Explanation } from '../explain/types.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';
import { findItem, findUser } from './items.ts';
import { factoryFor } from './kinds.ts';
import type { Run } from './open.ts';
import { scoreMeaning } from './score-meaning.ts';

/** One contribution of an explanation in raw ids: a rated item (with its title), an edge, a feature group or a path. */
export interface NamedContribution {
  kind: 'item' | 'edge' | 'feature' | 'path';
  /** Raw item id, or null where the piece is not one of the user's items. */
  id: string | null;
  title: string | null;
  /** What a person reads: the title (or id) of an item, a feature group, a path, "user U rated I". */
  label: string;
  weight: number;
  share: number;
  edge?: { side: EdgeRef['side']; node: string };
}

/** Why a run's model scores an item for a user, in raw ids and titles. */
export interface NamedExplanation {
  model: string;
  method: string;
  user: string;
  item: string;
  title: string | null;
  score: number;
  /** What the score is (e.g. "dot product of embeddings"). */
  scoreMeaning: string;
  /** Part of the score no contribution accounts for. */
  residual: number;
  contributions: NamedContribution[];
  sides?: unknown;
}

/** The user's training interactions rebuilt from the run's split (for model-agnostic explainers). */
async function trainingHistory(run: Run, u: number): Promise<UserInteractions> {
  const t = (await run.setup()).train.train;
  const items: number[] = [];
  const ratings: number[] = [];
  for (let e = 0; e < t.user.length; e++) {
    if (t.user[e] !== u) continue;
    items.push(t.item[e]);
    ratings.push(t.rating[e]);
  }
  return { items: Int32Array.from(items), ratings: Float32Array.from(ratings) };
}

/** Whether the model is a hetero-sage model with its training graph (explained with rebuilt item features). */
function isSageWithGraph(model: unknown): model is HeteroSageModel {
  const m = model as { restoreGraphInputs?: unknown; seen?: unknown };
  return typeof m.restoreGraphInputs === 'function' && m.seen !== null && m.seen !== undefined;
}

/**
 * Hetero-sage explanation with the item features rebuilt from the run source: other users' ratings of the item are
 * masked at every layer, and feature IG attributes the prediction to genres, type, title and numeric fields. Without
 * the dataset (or when the rebuilt features disagree with the model) the item-side mask covers the last layer only.
 */
async function explainSage(
  run: Run,
  model: HeteroSageModel,
  u: number,
  i: number,
  top: number,
): Promise<Explanation> {
  const feats = await run
    .dataset()
    .then((ds) => rebuildItemFeatures(model, ds))
    .catch(() => null);
  if (feats) model.restoreGraphInputs(feats);
  const ex = new SageIgExplainer(model, 32, feats?.data ?? null).explain(u, i, {
    top,
    features: feats !== null,
  });
  // Mask 1 must give back the model's cached prediction; otherwise the rebuilt features are not the trained ones.
  const plain = new SageIgExplainer(model, 32);
  const cached = plain.scoreHistory(u, plain.history(u))[i];
  return feats && Math.abs(ex.score - cached) > 1e-3 ? plain.explain(u, i, { top }) : ex;
}

/** The trained user's row of the model's binary training matrix: what a decomposable model scores them from. */
function trainingRow(model: unknown, u: number): UserInteractions | null {
  const seen = (model as { seen?: Csr | null }).seen;
  if (!seen || u < 0 || u >= seen.rows) return null;
  const items = csrRow(seen, u).slice();
  return { items, ratings: new Float32Array(items.length).fill(1) };
}

/** Whether the model's fold-in score decomposes into per-rated-item terms (see `DecomposableFoldIn`). */
function hasFoldInTerms(model: unknown): boolean {
  return typeof (model as { foldInTerms?: unknown }).foldInTerms === 'function';
}

/** The explanation of (user, item) in dense indices: the kind's own method, or occlusion over the rebuilt history. */
async function explainDense(run: Run, u: number, i: number, top: number): Promise<Explanation> {
  if (isSageWithGraph(run.model)) return explainSage(run, run.model, u, i, top);
  // Kinds whose score is a sum of per-rated-item terms (EASE) are explained as the server's cards and "why?" page
  // explain them, so the CLI, the API and the UI give one explanation with the same numbers.
  if (hasFoldInTerms(run.model) && !factoryFor(run.kind).capabilities.exactExplain) {
    // The server explains a trained user from the same row (src/serve/exact-explain.ts), so the numbers agree.
    const history = trainingRow(run.model, u);
    if (history) return explainItems(run.model, Int32Array.of(i), { history, top })[0]!;
  }
  // Kinds without a method of their own explain by occlusion of the user's training history, rebuilt from the run's
  // split (or, when the data cannot be read again, the model's own training graph).
  const history = factoryFor(run.kind).capabilities.exactExplain
    ? null
    : await trainingHistory(run, u).catch(() => null);
  return explain(run.model, history, u, i, { top });
}

/** Explains why the run's model scores `item` (a raw id or a fuzzy title) for `user` (a raw id). */
export async function explainFor(
  run: Run,
  user: string,
  item: string,
  opts: { top?: number } = {},
): Promise<NamedExplanation> {
  const u = findUser(run, user);
  const i = (await findItem(run, item)).index;
  const ex = await explainDense(run, u, i, opts.top ?? 10);
  const titles = await run.titles();
  const itemId = run.items.raw(i);
  const name = (j: number): string => titles?.[j] ?? run.items.raw(j);
  const contributions = ex.contributions.map((c): NamedContribution => {
    const id = c.id >= 0 ? run.items.raw(c.id) : null;
    const title = c.id >= 0 ? (titles?.[c.id] ?? null) : null;
    const base: NamedContribution = {
      kind: c.kind,
      id,
      title,
      label: c.path ? pathLabel(c.path, i, name) : c.kind === 'path' || c.id < 0 ? c.label : name(c.id),
      weight: c.weight,
      share: c.share,
    };
    if (!c.edge) return base;
    // An item-side edge is another user's rating of the explained item.
    if (c.edge.side === 'user') return { ...base, edge: { side: 'user', node: run.items.raw(c.edge.node) } };
    const other = run.users.raw(c.edge.node);
    return {
      ...base,
      label: `user ${other} rated ${titles?.[i] ?? itemId}`,
      edge: { side: 'item', node: other },
    };
  });
  const sides = ex.detail?.['sides'];
  return {
    model: ex.model,
    method: ex.method,
    user,
    item: itemId,
    title: titles?.[i] ?? null,
    score: ex.score,
    scoreMeaning: scoreMeaning(run.kind),
    residual: ex.residual,
    contributions,
    ...(sides ? { sides } : {}),
  };
}
