import type { Recommender } from '../models/recommender.ts';
import { findKind } from '../models/registry.ts';
import { lightGcnFactory } from '../models/lightgcn/factory.ts';
import { mfBprFactory } from '../models/mfbpr/factory.ts';
import { graphFilterFactory } from '../models/graph-filter/factory.ts';
import { item2vecFactory } from '../models/item2vec/factory.ts';
import { dskregFactory } from '../models/dskreg/factory.ts';
import { heteroSageFactory } from '../models/sage/factory.ts';
import { spectralFilterFactory } from '../models/spectral-filter/factory.ts';
import type { LightGcn } from '../models/lightgcn/lightgcn.ts';
import type { GraphFilter } from '../models/graph-filter/model.ts';
import type { Item2VecRecommender } from '../models/item2vec/model.ts';
import type { Dskreg } from '../models/dskreg/model.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';
import type { SpectralFilter } from '../models/spectral-filter/model.ts';
import { LightGcnExplainer } from './lightgcn.ts';
import { GraphFilterExplainer } from './graph-filter.ts';
import { Item2vecExplainer } from './item2vec.ts';
import { DskregExplainer } from './dskreg.ts';
import { SageIgExplainer } from './sage-ig.ts';
import { SpectralFilterExplainer } from './spectral-filter.ts';
import type { Explainer } from './types.ts';

/** Builds a kind's dedicated explainer for a model of that kind, or null when this model cannot use it. */
type ExplainerOf = (model: Recommender) => Explainer | null;

// Keyed by the kinds' own registry entries, so a renamed kind keeps its explainer. A model's class follows from its
// kind (each kind creates and loads one class), which is what makes the casts below sound.
const BY_KIND = new Map<string, ExplainerOf>([
  // Exact decompositions of the linear propagation (MF-BPR is its K = 0 case).
  [lightGcnFactory.kind, (m) => new LightGcnExplainer(m as LightGcn)],
  [mfBprFactory.kind, (m) => new LightGcnExplainer(m as LightGcn)],
  [graphFilterFactory.kind, (m) => new GraphFilterExplainer(m as GraphFilter)],
  [spectralFilterFactory.kind, (m) => new SpectralFilterExplainer(m as SpectralFilter)],
  // Similar rated items.
  [item2vecFactory.kind, (m) => new Item2vecExplainer(m as Item2VecRecommender)],
  // Knowledge-graph paths plus exact collaborative contributions.
  [dskregFactory.kind, (m) => new DskregExplainer(m as Dskreg)],
  // Edge-mask Integrated Gradients need the training graph, which a model keeps only when it was saved with it.
  [
    heteroSageFactory.kind,
    (m) => ((m as HeteroSageModel).seen ? new SageIgExplainer(m as HeteroSageModel) : null),
  ],
]);

/** The dedicated explainer of `model`'s kind (exact, paths or attributions), or null when it has none. */
export function kindExplainer(model: Recommender): Explainer | null {
  return BY_KIND.get(canonicalKind(model))?.(model) ?? null;
}

// A model built directly from its class (tests, library users) may run before any kind is registered; its own kind
// name is then canonical, so the explainer must not depend on the registry being filled.
function canonicalKind(model: Recommender): string {
  return findKind(model.kind)?.kind ?? model.kind;
}

/** Whether `model`'s kind has a dedicated explainer that this model can use. */
export function hasKindExplainer(model: Recommender): boolean {
  const kind = canonicalKind(model);
  if (!BY_KIND.has(kind)) return false;
  return kind !== heteroSageFactory.kind || (model as HeteroSageModel).seen !== null;
}

/** Canonical names of the kinds with a dedicated explainer (checked against their `capabilities.exactExplain`). */
export function kindsWithExplainer(): string[] {
  return [...BY_KIND.keys()];
}
