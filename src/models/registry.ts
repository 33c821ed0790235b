import type { Recommender } from './recommender.ts';

/** What a model kind offers to the CLI, the server and the evaluation protocols. */
export interface ModelFactory {
  /** Value of `--model` and of `manifest.kind`. */
  kind: string;
  /** `ranking` models are evaluated by top-K metrics, `rating` models by RMSE/MAE. */
  task: 'ranking' | 'rating';
  /** One-sentence description for `--help`. */
  description: string;
  /** A fresh, untrained model for the given sizes and config (defaults filled in by the model). */
  create(config: Record<string, unknown>, sizes: { numUsers: number; numItems: number }): Recommender;
  /** Loads a trained model folder written by `save`. */
  load(dir: string): Promise<Recommender>;
}

/** Every model kind, by name; each model module adds its factory with one line in `models/index.ts`. */
export const modelFactories = new Map<string, ModelFactory>();

/** Registers a model kind (called once per model module). */
export function registerModel(f: ModelFactory): void {
  if (modelFactories.has(f.kind)) throw new Error(`model kind '${f.kind}' registered twice`);
  modelFactories.set(f.kind, f);
}
