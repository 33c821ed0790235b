// Importing this module registers every model kind (one import line per kind folder's `factory.ts`).
export {
  modelFactories,
  registerModel,
  findKind,
  getKind,
  listKinds,
  resolveConfig,
  configUnderProtocol,
  createModel,
  describeKind,
} from './registry.ts';
export type { ModelFactory, ModelKind, KindCapabilities, ProtocolPrescription } from './registry.ts';
export { ConfigError } from './schema.ts';
export type { ConfigSchema, KeySpec, KeyDescription } from './schema.ts';
import { registerModel } from './registry.ts';
import { lightGcnFactory } from './lightgcn/factory.ts';
import { mfBprFactory } from './mfbpr/factory.ts';
import { popularFactory } from './popular/factory.ts';
import { graphFilterFactory } from './graph-filter/factory.ts';
import { item2vecFactory } from './item2vec/factory.ts';
import { heteroSageFactory } from './sage/factory.ts';
import { dskregFactory } from './dskreg/factory.ts';
import { easeFactory } from './ease/factory.ts';
import { spectralFilterFactory } from './spectral-filter/factory.ts';
import { svdppFactory } from './svdpp/factory.ts';
import { ratingBlendFactory } from './rating-blend/factory.ts';
registerModel(lightGcnFactory);
registerModel(mfBprFactory);
registerModel(popularFactory);
registerModel(item2vecFactory);
registerModel(graphFilterFactory);
registerModel(heteroSageFactory);
registerModel(dskregFactory);
registerModel(easeFactory);
registerModel(spectralFilterFactory);
registerModel(svdppFactory);
registerModel(ratingBlendFactory);
