import { backward, mul, tidy } from '../tensor/index.ts';
import type { Tensor } from '../tensor/index.ts';
import { Parameter } from '../nn/index.ts';
import type { HeteroSageModel } from '../models/sage/model.ts';
import { fullLayerInput } from '../models/sage/network.ts';
import type { Contribution } from './types.ts';

/** Feature group of an item feature column name (`genre:Drama` → genres, `title:17` → title, …). */
export function featureGroup(name: string): string {
  const head = name.split(':')[0];
  if (head === 'genre') return 'genres';
  if (head === 'type' || head === 'title') return head;
  return 'numeric';
}

/** Group attributions of one (user, item) prediction, with f(x), f(baseline) and the completeness gap. */
export interface FeatureAttribution {
  contributions: Contribution[];
  score: number;
  baseline: number;
  gap: number;
}

/**
 * Integrated Gradients over the item input feature groups (genres, type, title, numeric) of hetero GraphSAGE:
 * every item's feature matrix is scaled column-wise by c (a [1, F] tape parameter) on the straight path c = α·1,
 * α ∈ (0, 1], baseline c = 0 (standardised features, so 0 is the mean item); the full-graph encoder runs at every
 * step, so feature effects through neighbours are included. Column attributions are summed per group; their sum
 * is f(1) − f(0) up to the Riemann error. Needs the training graph (`graphInputs`), i.e. a model fitted in-process.
 */
export function sageFeatureIg(
  model: HeteroSageModel,
  user: number,
  item: number,
  steps = 16,
): FeatureAttribution | null {
  const { itemX, adj } = model.graphInputs();
  const names = model.info.features?.names;
  if (!itemX || !adj || !names) return null;
  const { net } = model.state();
  const F = itemX.shape[1];
  const f = (c: number): { value: number; grad: Float32Array } => {
    const mask = Parameter.fromArray(new Float32Array(F).fill(c), [1, F], 'explain.features');
    const res = tidy(() => {
      const z = net.encode(mul(itemX, mask), {
        users: null,
        items: null,
        layers: fullLayerInput(adj, net.sizes.layers),
      });
      const y = net.decode(
        z.get('user') as Tensor,
        z.get('item') as Tensor,
        Int32Array.of(user),
        Int32Array.of(item),
      );
      backward(y);
      return { value: y.data[0], grad: Float32Array.from(mask.grad ?? new Float32Array(F)) };
    });
    // The backward pass also filled the network's parameter gradients; clear them so training state is untouched.
    for (const p of net.parameters()) p.grad = null;
    return res;
  };
  const col = new Float64Array(F);
  for (let s = 0; s < steps; s++) {
    const g = f((s + 0.5) / steps).grad;
    for (let k = 0; k < F; k++) col[k] += g[k] / steps;
  }
  const score = f(1).value;
  const baseline = f(0).value;
  const groups = new Map<string, number>();
  names.forEach((n, k) => groups.set(featureGroup(n), (groups.get(featureGroup(n)) ?? 0) + col[k]));
  let total = 0;
  for (const w of groups.values()) total += w;
  const contributions: Contribution[] = [...groups].map(([label, weight]) => ({
    kind: 'feature',
    id: -1,
    label,
    weight,
    share: 0,
  }));
  return { contributions, score, baseline, gap: score - baseline - total };
}
