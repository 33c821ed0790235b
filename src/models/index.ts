// Importing this module registers every model kind (one import line per model module).
export { modelFactories, registerModel } from './registry.ts';
export type { ModelFactory } from './registry.ts';
