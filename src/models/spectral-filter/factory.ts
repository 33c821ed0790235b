import type { ModelKind } from '../registry.ts';
import { SPECTRAL_FILTER_SCHEMA } from './config.ts';
import { SpectralFilter } from './model.ts';
import { filterFolder } from '../shared/folder-spec.ts';
import { SPECTRAL_FILTER_TUNE_SPACE } from './tune-space.ts';

/** Registry entry of the training-free spectral filter (SGFCF-style generalised GF-CF). */
export const spectralFilterFactory: ModelKind = {
  kind: 'spectral-filter',
  task: 'ranking',
  description:
    'Training-free spectral graph filter: generalised normalisation, (σ/σ₁)^p weights over the top singular vectors, full-spectrum linear term (SGFCF-style GF-CF).',
  schema: SPECTRAL_FILTER_SCHEMA,
  capabilities: { foldIn: true, similarItems: true, ratings: false, exactExplain: true, trainingFree: true },
  scoreMeaning:
    "spectral-filter response of the item to the user's history (higher ranks first; not a probability)",
  similarityMeaning: 'spectral-filter response of each item to the query item alone',
  folder: (m, shapes) => filterFolder(m, shapes),
  create: (config, s) => new SpectralFilter(s.numUsers, s.numItems, config),
  tuneSpace: SPECTRAL_FILTER_TUNE_SPACE,
  load: (dir) => SpectralFilter.load(dir),
};
