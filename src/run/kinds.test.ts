import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic } from '../data/synthetic.ts';
import { getProtocol } from '../eval/index.ts';
import { describeKind } from '../models/index.ts';
import { factoryFor, resolveRunConfig } from './kinds.ts';

test("a run's config: the protocol's prescription by default, the kind's schema alone with defaults 'schema'", () => {
  const setup = getProtocol('seed001').prepare(generateSynthetic({ users: 20, items: 30, seed: 1 }), 1);
  const kind = factoryFor('lightgcn');
  const schemaSampling = describeKind(kind).keys.find((k) => k.key === 'sampling')?.default;
  assert.equal(setup.modelDefaults['sampling'], 'edge');
  assert.notEqual(schemaSampling, 'edge');
  const prescribed = resolveRunConfig(kind, setup, { dim: 8 });
  assert.equal(prescribed['sampling'], 'edge');
  assert.equal(prescribed['itersPerEpoch'], 200);
  const own = resolveRunConfig(kind, setup, { dim: 8 }, 'schema');
  assert.equal(own['sampling'], schemaSampling);
  assert.equal(own['dim'], 8);
  assert.equal(own['itersPerEpoch'], 0);
});
