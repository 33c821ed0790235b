// The parts every ranking protocol shares: the setup built from a split, the notebook's positives and prescription.
import type { Dataset, Interactions } from '../data/types.ts';
import { positiveIndices, selectInteractions } from '../data/select.ts';
import type { Split } from '../data/splits/types.ts';
import { interactionCsr } from '../graph/bipartite.ts';
import type { Recommender } from '../models/recommender.ts';
import { evaluateRanking } from './evaluate.ts';
import type { EvalPart, ProtocolSetup } from './protocol-types.ts';

/** Builds a ranking setup from train/val/test interactions of `ds` (dense ids over the whole dataset). */
export function rankingSetup(
  name: string,
  ds: Dataset,
  seed: number,
  parts: { train: Interactions; val: Interactions; test: Interactions },
  extra: Pick<ProtocolSetup, 'modelDefaults' | 'selectMetric' | 'ks' | 'patience'>,
): ProtocolSetup {
  const U = ds.users.size;
  const I = ds.items.size;
  const csr = {
    train: interactionCsr(U, I, parts.train.user, parts.train.item),
    val: interactionCsr(U, I, parts.val.user, parts.val.item),
    test: interactionCsr(U, I, parts.test.user, parts.test.item),
  };
  return {
    protocol: name,
    task: 'ranking',
    seed,
    train: { numUsers: U, numItems: I, train: parts.train, val: parts.val, dataset: ds },
    val: parts.val,
    test: parts.test,
    csr,
    lowerIsBetter: false,
    ...extra,
    evaluate(model: Recommender, part: EvalPart, ks?: readonly number[]) {
      const exclude = part === 'val' ? [csr.train] : [csr.train, csr.val];
      return evaluateRanking(model, { truth: csr[part], exclude, ks: ks ?? extra.ks });
    },
  };
}

/** The seed001 notebook's BPR prescription (LightGCN, MF-BPR); also what `full` and the positives protocols prescribe. */
// 50 "epochs" of 200 iterations = the notebook's 10 000 iterations, validated every 200 as the reference.
export const SEED001_DEFAULTS = {
  dim: 64,
  layers: 3,
  l2: 1e-6,
  l2Mode: 'sum',
  lr: 1e-3,
  batch: 1024,
  epochs: 50,
  itersPerEpoch: 200,
  sampling: 'edge',
};

/** Positives of the notebook protocols: ratings ≥ 3.5 on explicit data, every interaction on implicit data. */
export function notebookPositives(ds: Dataset): Interactions {
  return selectInteractions(
    ds.interactions,
    positiveIndices(ds.interactions, ds.ratingRange ? 3.5 : -Infinity),
  );
}

/** The train/val/test interactions a split's index lists select from `inter`. */
export function splitParts(
  inter: Interactions,
  s: Split,
): { train: Interactions; val: Interactions; test: Interactions } {
  return {
    train: selectInteractions(inter, s.train),
    val: selectInteractions(inter, s.val),
    test: selectInteractions(inter, s.test),
  };
}
