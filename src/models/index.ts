// Importing this module registers every model kind (one import line per model module).
export { modelFactories, registerModel } from './registry.ts';
export type { ModelFactory } from './registry.ts';
import { registerModel } from './registry.ts';
import { lightGcnFactory } from './lightgcn/lightgcn.ts';
import { mfBprFactory } from './mfbpr/mfbpr.ts';
import { popularFactory } from './popular/popular.ts';
import { graphFilterFactory } from './graph-filter/factory.ts';
import { item2vecFactory } from './item2vec/factory.ts';
import { heteroSageFactory } from './sage/factory.ts';
import { dskregFactory } from './dskreg/factory.ts';
registerModel(lightGcnFactory);
registerModel(mfBprFactory);
registerModel(popularFactory);
registerModel(item2vecFactory);
registerModel(graphFilterFactory);
registerModel(heteroSageFactory);
registerModel(dskregFactory);
