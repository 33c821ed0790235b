// Search spaces come from the kinds' registry entries, and every point of one is a config the kind's schema accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listKinds, resolveConfig } from '../models/index.ts';
import { TUNE_SPACES } from './space.ts';

test("TUNE_SPACES holds exactly the kinds that declare a tuneSpace, and each space's values pass the schema", () => {
  const declaring = listKinds().filter((k) => k.tuneSpace);
  assert.deepEqual(
    [...TUNE_SPACES.keys()],
    declaring.map((k) => k.kind),
  );
  assert.ok(TUNE_SPACES.has('graph-filter') && TUNE_SPACES.has('spectral-filter'));
  for (const k of declaring) {
    const space = k.tuneSpace!;
    assert.equal(space.kind, k.kind);
    for (const p of space.params)
      for (const v of p.values) {
        const config = resolveConfig(k, { ...space.base, [p.name]: v });
        assert.equal(config[p.name], v, `${k.kind}.${p.name}=${String(v)}`);
      }
  }
});
