import type { Manifest } from '../io/manifest.ts';
import type { CsrRule, FolderSpec, ShapeMap } from '../io/folder-spec.ts';

/** Users and items of a model folder, from its manifest's id lists. */
export function folderSizes(m: Manifest): { users: number; items: number } {
  return { users: m.ids.users.length, items: m.ids.items.length };
}

/** The users × items training matrix stored as `PREFIX{indptr,indices}` (`sep` joins prefix and part). */
export function seenCsr(m: Manifest, prefix = 'seen', sep = '_'): CsrRule {
  const { users, items } = folderSizes(m);
  return { indptr: `${prefix}${sep}indptr`, indices: `${prefix}${sep}indices`, rows: users, cols: items };
}

/** The folder of an embedding model (`EmbeddingRecommender`): user and item embeddings of width `dim`, seen items. */
export function embeddingFolder(m: Manifest, dim: number): FolderSpec {
  const { users, items } = folderSizes(m);
  return {
    tensors: {
      user_emb: { dtype: 'F32', shape: [users, dim] },
      item_emb: { dtype: 'F32', shape: [items, dim] },
    },
    csr: [seenCsr(m)],
  };
}

/** A graph filter's folder (GF-CF, spectral): the binary matrix R, and k singular values with their item vectors. */
export function filterFolder(m: Manifest, shapes: ShapeMap): FolderSpec {
  const k = shapes['singular_values']?.[0] ?? null;
  return {
    tensors: {
      singular_values: { dtype: 'F32', shape: [null] },
      v: { dtype: 'F32', shape: [folderSizes(m).items, k] },
    },
    csr: [seenCsr(m, 'r')],
  };
}
