// Hot reload and versions over real HTTP: a retrained model written over the served folder is picked up by
// POST /api/models/reload (and by the folder watch) while clients keep asking, with zero failed requests; the
// previous version can be rolled back to; /api/models lists the versions with their metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  ModelVersionInfo,
  ModelsResponse,
  RecommendationsResponse,
} from '../src/serve/schemas/types.ts';
import { modelFactories } from '../src/models/index.ts';
import { makeFixture, makeServer, type Fixture } from './api-fixture.ts';

/** Trains the fixture's model kind again with another seed into `dir` (what `gnnrec train --out dir` does). */
async function retrain(fx: Fixture, dir: string, seed: number): Promise<void> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { kind: string };
  const factory = modelFactories.get(manifest.kind)!;
  const sizes = { numUsers: fx.dataset.users.size, numItems: fx.dataset.items.size };
  const model = factory.create({}, sizes);
  await model.fit({ ...sizes, train: fx.dataset.interactions, dataset: fx.dataset }, { seed, epochs: 4 });
  await model.save(dir);
}

/** GETs recommendations in `n` parallel loops until `stop()`; returns every status seen. */
function flood(base: string, users: string[], n: number): { stop: () => Promise<number[]> } {
  let running = true;
  const statuses: number[] = [];
  const loops = Array.from({ length: n }, async (_, c) => {
    for (let i = c; running; i += n) {
      const res = await fetch(`${base}/api/users/${users[i % users.length]}/recommendations?k=10`);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return statuses;
    },
  };
}

const list = async (base: string, user: string): Promise<string[]> =>
  (
    (await (await fetch(`${base}/api/users/${user}/recommendations?k=10`)).json()) as RecommendationsResponse
  ).recommendations.map((r) => r.item);

test('reload under load switches to the retrained version with zero failed requests; rollback and watch', async () => {
  const fx = await makeFixture();
  const dir = fx.dirs[0]!;
  const app = await makeServer(fx, { modelDirs: fx.dirs, rateLimit: false, token: 'a-long-test-token-0123' });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const auth = { authorization: 'Bearer a-long-test-token-0123' };
  try {
    const users = Array.from({ length: fx.dataset.users.size }, (_, u) => fx.dataset.users.raw(u));
    const before = await list(base, users[7]!);
    const load = flood(base, users, 8);
    await retrain(fx, dir, 99);
    assert.equal((await fetch(`${base}/api/models/reload`, { method: 'POST' })).status, 401);
    const res = await fetch(`${base}/api/models/reload`, { method: 'POST', headers: auth });
    assert.equal(res.status, 200, await res.clone().text());
    const v2 = (await res.json()) as ModelVersionInfo;
    assert.equal(v2.version, 2);
    assert.equal(v2.serving, true);
    // Keep the load on the new version for a while (its lists are computed on first request).
    await new Promise((r) => setTimeout(r, 300));
    const statuses = await load.stop();
    assert.ok(statuses.length > 50, `only ${statuses.length} requests`);
    assert.deepEqual(
      statuses.filter((s) => s !== 200),
      [],
    );
    const after = await list(base, users[7]!);
    assert.notDeepEqual(after, before, 'the retrained model ranks differently');

    const models = (await (await fetch(`${base}/api/models`)).json()) as ModelsResponse;
    assert.deepEqual(
      models.versions!.map((v) => [v.version, v.serving, v.reason]),
      [
        [1, false, 'start'],
        [2, true, 'reload'],
      ],
    );
    assert.ok(models.versions![1]!.details[0]!.metrics, 'metrics listed');

    const rb = await fetch(`${base}/api/models/rollback`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(rb.status, 200, await rb.clone().text());
    assert.equal(((await rb.json()) as ModelVersionInfo).version, 1);
    assert.deepEqual(await list(base, users[7]!), before);
    const none = await fetch(`${base}/api/models/rollback`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"version":9}',
    });
    assert.equal(none.status, 409);

    // The watch: a new manifest in the folder loads version 3 without a request.
    const stopWatching = app.gnnrec.versions!.watch(() => undefined);
    try {
      await retrain(fx, dir, 5);
      // Touch the manifest once more in case the save landed within the poll's mtime granularity.
      const text = await readFile(join(dir, 'manifest.json'), 'utf8');
      await new Promise((r) => setTimeout(r, 50));
      await writeFile(join(dir, 'manifest.json'), text);
      let serving = 0;
      for (let i = 0; i < 60 && serving !== 3; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const m = (await (await fetch(`${base}/api/models`)).json()) as ModelsResponse;
        serving = m.versions!.find((v) => v.serving)!.version;
      }
      assert.equal(serving, 3);
    } finally {
      stopWatching();
    }
  } finally {
    await app.close();
  }
});
