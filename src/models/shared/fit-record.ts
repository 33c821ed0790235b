import type { Manifest } from '../io/manifest.ts';
import type { TrainData } from '../recommender.ts';
import { datasetInfo, type DatasetInfo } from './dataset-info.ts';
import type { ManifestHead } from './model-folder.ts';

/** What a model remembers of its last fit for its manifest: the seed and the dataset it was trained on. */
export class FitRecord {
  /** Seed of the last fit (or of the loaded folder). */
  seed = 0;
  /** Dataset description and ids (dense indices as strings before any fit). */
  info: DatasetInfo;

  /** The record of an unfitted model of the given sizes. */
  constructor(
    private readonly numUsers: number,
    private readonly numItems: number,
  ) {
    this.info = datasetInfo(undefined, numUsers, numItems);
  }

  /** Notes a fit's seed and training data. */
  fitted(seed: number, data: TrainData): void {
    this.seed = seed;
    this.info = datasetInfo(data.dataset, this.numUsers, this.numItems, data.train.user.length);
  }

  /** Takes the seed and dataset of a loaded folder's manifest. */
  loaded(m: Manifest): void {
    this.seed = m.seed;
    this.info = { dataset: m.dataset, ids: m.ids };
  }

  /** The manifest fields of a model of this kind and config. */
  head(kind: string, config: object): ManifestHead {
    return { kind, config, seed: this.seed, info: this.info };
  }
}
