import type { Dskreg } from '../models/dskreg/model.ts';
import { rankContributions, type Contribution, type Explainer, type ExplainOptions, type Explanation } from './types.ts';
import { csrRow } from '../graph/csr.ts';

/**
 * DSKReG explanations: knowledge-graph paths user → rated item → shared attribute → recommended item through the
 * neighbourhoods the model kept after training, weighted by the product of the sampled attention weights π.
 * For fidelity each path's middle item is the removable unit (weights summed per item); the user is re-scored by
 * the model's fold-in of the reduced history (mean of final item embeddings), since DSKReG's sampled user
 * neighbourhood cannot be re-drawn without retraining.
 */
export class DskregExplainer implements Explainer {
  readonly method = 'dskreg-paths';

  /** Wraps a trained DSKReG model. */
  constructor(readonly model: Dskreg) {}

  /** The user's training positives. */
  history(user: number): Int32Array {
    const s = this.model.seen;
    return csrRow(s, user).slice();
  }

  /** The heaviest paths (as `path` contributions) and their middle items (as `item` contributions). */
  explain(user: number, item: number, opts: ExplainOptions = {}): Explanation {
    const top = opts.top ?? 10;
    const paths = this.model.kgPaths(user, item, 200);
    const byItem = new Map<number, number>();
    for (const p of paths) byItem.set(p.nodes[1].index, (byItem.get(p.nodes[1].index) ?? 0) + p.weight);
    const items: Contribution[] = [...byItem].map(([j, w]) => ({ kind: 'item', id: j, label: String(j), weight: w, share: 0 }));
    const pathC: Contribution[] = paths.map((p) => ({
      kind: 'path',
      id: p.nodes[1].index,
      label: `user ${user} -${p.relations[0]}-> item ${p.nodes[1].index} -${p.relations[1]}-> ${p.nodes[2].name ?? p.nodes[2].index} -${p.relations[2]}-> item ${item}`,
      weight: p.weight,
      share: 0,
    }));
    const score = this.model.scoreUsers(Int32Array.of(user))[item];
    return {
      model: this.model.kind,
      method: this.method,
      user,
      item,
      score,
      residual: 0,
      contributions: [...rankContributions(items, top), ...rankContributions(pathC, top)],
      detail: { paths: paths.slice(0, top) },
    };
  }

  /** Fold-in of the reduced history. */
  scoreHistory(_user: number, kept: Int32Array): Float32Array {
    return this.model.foldIn(kept, new Float32Array(kept.length).fill(1));
  }
}
