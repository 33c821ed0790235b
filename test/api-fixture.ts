// Shared set-up of the API and UI tests: synthetic data, a small model trained in the test, a server.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { generateSynthetic } from '../src/data/synthetic.ts';
import type { Dataset } from '../src/data/types.ts';
import { modelFactories } from '../src/models/index.ts';
import { loadServedModels } from '../src/serve/served-model.ts';
import { buildServer, type ServerOptions } from '../src/serve/server.ts';

/** A trained model folder and the data it was trained on. */
export interface Fixture {
  dataset: Dataset;
  dirs: string[];
}

/** Kinds tried in order: the first registered one is trained (the `popular` baseline is the fallback). */
const PREFERRED = ['lightgcn', 'mf-bpr', 'popular'];

/** Generates synthetic data and trains the preferred registered model kind for a few epochs. */
export async function makeFixture(): Promise<Fixture> {
  const dataset = generateSynthetic({ users: 120, items: 200, seed: 7, interactionsPerUser: 15 });
  const kind = PREFERRED.find((k) => modelFactories.has(k)) ?? [...modelFactories.keys()][0];
  if (!kind) throw new Error('no model kind is registered');
  const factory = modelFactories.get(kind)!;
  const sizes = { numUsers: dataset.users.size, numItems: dataset.items.size };
  const model = factory.create({}, sizes);
  await model.fit({ ...sizes, train: dataset.interactions, dataset }, { seed: 1, epochs: 3 });
  const dir = await mkdtemp(join(tmpdir(), `gnnrec-api-${kind}-`));
  await model.save(dir);
  return { dataset, dirs: [dir] };
}

/**
 * Builds a server over the fixture (API only unless `webRoot` is given). Writes are opened explicitly, as a
 * local demo does: the API tests exercise the routes; test/serve-security.test.ts tests the safe defaults.
 */
export async function makeServer(f: Fixture, extra: Partial<ServerOptions> = {}): Promise<FastifyInstance> {
  const models = await loadServedModels(f.dirs);
  return buildServer({ models, dataset: f.dataset, webRoot: null, allowAnonymousWrites: true, ...extra });
}
