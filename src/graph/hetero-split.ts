import type { Rng } from '../util/rng.ts';
import type { EdgeTypeKey, HeteroGraph } from './hetero.ts';

/** Labelled (src, dst) pairs of one split part, the PyG `edge_label_index` / `edge_label`. */
export interface LabelledEdges {
  src: Int32Array;
  dst: Int32Array;
  label: Float32Array;
  /** Positions of these pairs in the original edge list (for joins back to interactions). */
  index: Int32Array;
}

/** One part of a link split: the graph used for message passing and the pairs to predict. */
export interface LinkSplitPart {
  /** Message-passing graph: training edges of the split type and their reverse only. */
  graph: HeteroGraph;
  target: LabelledEdges;
}

/** Result of `randomLinkSplit`: train, validation and test parts. */
export interface LinkSplit {
  train: LinkSplitPart;
  val: LinkSplitPart;
  test: LinkSplitPart;
}

/** Options of `randomLinkSplit`. */
export interface LinkSplitOptions {
  edgeType: EdgeTypeKey;
  /** Reverse type whose held-out edges must be removed too (e.g. `rev_rates`). */
  revEdgeType?: EdgeTypeKey;
  /** Fractions of edges for validation and test (PyG `num_val`, `num_test`). */
  val: number;
  test: number;
  rng: Rng;
}

/**
 * Random link split like PyG `RandomLinkSplit(neg_sampling_ratio=0)`: edges of `edgeType` are shuffled
 * and cut into train/val/test; every part passes messages over the training edges only, and the
 * reverse copies of validation and test pairs are dropped so no held-out rating leaks into the encoder.
 */
export function randomLinkSplit(g: HeteroGraph, o: LinkSplitOptions): LinkSplit {
  const e = g.edge(o.edgeType);
  if (!e.label) throw new Error('randomLinkSplit: the split edge type needs labels');
  const n = e.src.length;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  o.rng.shuffle(perm);
  const nVal = Math.floor(o.val * n);
  const nTest = Math.floor(o.test * n);
  const nTrain = n - nVal - nTest;
  const take = (from: number, to: number): LabelledEdges => {
    const index = perm.slice(from, to).sort();
    const src = new Int32Array(index.length);
    const dst = new Int32Array(index.length);
    const label = new Float32Array(index.length);
    for (let i = 0; i < index.length; i++) {
      src[i] = e.src[index[i]];
      dst[i] = e.dst[index[i]];
      label[i] = (e.label as Float32Array)[index[i]];
    }
    return { src, dst, label, index };
  };
  const train = take(0, nTrain);
  const val = take(nTrain, nTrain + nVal);
  const test = take(nTrain + nVal, n);
  const mp = g.cloneStructure();
  mp.addEdgeType(o.edgeType, train.src, train.dst, train.label);
  if (o.revEdgeType) {
    // The reverse type is rebuilt from training pairs, not filtered, so it mirrors them exactly.
    mp.addEdgeType(o.revEdgeType, train.dst, train.src);
  }
  return {
    train: { graph: mp, target: train },
    val: { graph: mp, target: val },
    test: { graph: mp, target: test },
  };
}
