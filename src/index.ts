// The public entry of the `gnnrec` package: everything a program needs to load data, train, evaluate, ask a model
// folder questions, use a store and serve. The server (Fastify) loads only when `startServer` is first called, and
// store drivers only when a store of their kind is opened, so importing this module stays cheap.
import type { FastifyInstance } from 'fastify';
import type { StartOptions } from './serve/start.ts';

// Data: readers, formats and the dataset shape.
export { loadDataset, loadDatasetWithReport } from './data/load.ts';
export type { LoadOptions, DataFormat, CsvMapping } from './data/load.ts';
export { DATA_FORMATS } from './data/detect.ts';
export type { Dataset, Interactions, ItemMeta, ReadReport } from './data/types.ts';
export { IdMap } from './data/idmap.ts';
export { generateSynthetic, ratingsCsv } from './data/synthetic.ts';
export type { SyntheticOptions } from './data/synthetic.ts';

// Evaluation protocols and metrics.
export {
  protocols,
  getProtocol,
  defaultProtocol,
  registerProtocol,
  evaluateRanking,
  rmse,
  mae,
  gini,
  itemCoverage,
} from './eval/index.ts';
export type { Protocol, ProtocolSetup, EvalPart, RankingEvalOptions } from './eval/index.ts';

// Model kinds and the interface every model implements.
export {
  modelFactories,
  registerModel,
  createModel,
  getKind,
  findKind,
  listKinds,
  describeKind,
  resolveConfig,
  ConfigError,
} from './models/index.ts';
export type {
  ModelFactory,
  ModelKind,
  KindCapabilities,
  ConfigSchema,
  KeySpec,
  KeyDescription,
} from './models/index.ts';
export { openModelFolder, checkModelFolder } from './models/io/open-folder.ts';
export type { OpenedFolder } from './models/io/open-folder.ts';
export type { FolderSpec, TensorRule, CsrRule } from './models/io/folder-spec.ts';
export type {
  Recommender,
  RatingPredictor,
  TrainData,
  FitOptions,
  FitReport,
  EpochReport,
  RecommendOptions,
  TopK,
} from './models/recommender.ts';
export { readManifest } from './models/io/manifest.ts';
export type { Manifest } from './models/io/manifest.ts';

// Training a model directly (the run layer below wraps this with protocols, early stopping and saving).
export { trainWithEarlyStopping as fit } from './train/trainer.ts';
export type { EarlyStoppingOptions, TrainResult } from './train/trainer.ts';

// Explanations.
export { explain, explainerFor, fidelity } from './explain/index.ts';
export type {
  Explanation,
  Explainer,
  Contribution,
  ExplainOptions,
  FidelityOptions,
  FidelityResult,
} from './explain/index.ts';

// The run layer: train → save → reopen → evaluate / recommend / similar / explain / write back.
export * from './run/index.ts';

// Stores.
export { openStore, STORE_URL_FORMS, StoreError } from './store/index.ts';
export type {
  Store,
  OpenStoreOptions,
  ImportCounts,
  ImportOptions,
  StoreCounts,
  ModelRecord,
  RecommendationRow,
  WriteRecommendationsOptions,
  WriteRecommendationsResult,
} from './store/index.ts';

// New items without a server (what `gnnrec items add` runs); serving replicas over the store pick them up.
export { addItemsToStore } from './serve/store-items.ts';
export type { StoreItemsResult } from './serve/store-items.ts';
export { readItemsFile } from './serve/items-file.ts';
export type { ItemsFile } from './serve/items-file.ts';
export type { NewItemInput } from './serve/schemas/types.ts';

// Compute backends, seeded randomness, errors, version.
export { setBackend, getBackend } from './tensor/index.ts';
export type { BackendName } from './tensor/index.ts';
export { Rng } from './util/rng.ts';
export { GnnrecError, UsageError, InputError } from './util/errors.ts';
export { packageVersion } from './util/version.ts';

export type { StartOptions } from './serve/start.ts';

/** Loads the model folders, starts the HTTP API and web UI, and resolves to the listening server and its URL. */
export async function startServer(options: StartOptions): Promise<{ app: FastifyInstance; url: string }> {
  const { startServer: start } = await import('./serve/start.ts');
  return start(options);
}
