import type { Manifest } from '../io/manifest.ts';
import type { EmbeddingIndex } from './scoring.ts';

/** Everything a trained item2vec model holds (what `save` writes and `load` restores). */
export interface Item2VecState extends EmbeddingIndex {
  seed: number;
  /** Training interactions per user (CSR), for profiles and seen-item filtering. */
  userPtr: Int32Array;
  userItems: Int32Array;
  userRatings: Float32Array;
  graph: { nodes: number; edges: number; pairs: number };
  ids: { users: string[]; items: string[] };
  /** Item titles in dense order (null where unknown), for `gnnrec similar --item TITLE`. */
  titles: Array<string | null> | null;
  dataset: Manifest['dataset'];
  /** SGNS loss per epoch. */
  loss: number[];
}
