// Two `gnnrec serve` processes over one real PostgreSQL server (Debian's, started here on loopback): a rating
// written through one changes the other's answer within a second; with the database gone, writes answer 503 and
// reads go on from the loaded model; when it returns, writes work again and the other replica follows. Items added
// through one replica (or `gnnrec items add`) reach the others within a second and are recommendable at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateUserResponse, RecommendationsResponse } from '../src/serve/schemas/types.ts';
import { openStore } from '../src/store/open.ts';
import { runCli, spawnCli } from './cli.ts';
import { makeFixture } from './api-fixture.ts';
import { startPostgres, type PostgresServer } from './store-postgres.ts';

const CI = process.env.CI === 'true';
const TOKEN = 'replica-test-token-0123456789';

/** Starts `gnnrec serve` on a free loopback port and resolves with its URL. */
function serve(
  model: string,
  store: string,
): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawnCli(['serve', '--model', model, '--store', store, '--port', '0', '--quiet', '--watch'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GNNREC_TOKEN: TOKEN, GNNREC_NO_RELAUNCH: '1' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, log: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const write = (url: string, path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });

const list = async (url: string, user: string): Promise<string[]> => {
  const res = await fetch(`${url}/api/users/${user}/recommendations?k=20`);
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as RecommendationsResponse).recommendations.map((r) => r.item);
};

/** Polls `check` every 50 ms until it holds; returns the milliseconds it took (fails after `limitMs`). */
async function within(limitMs: number, check: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > limitMs) return Infinity;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('two replicas over one PostgreSQL: ratings and items follow within 1 s; 503 without the database; recovery', async (t) => {
  let pg: PostgresServer;
  try {
    pg = await startPostgres({ fast: true });
  } catch (err) {
    if (CI) throw err;
    t.skip(`no PostgreSQL server: ${(err as Error).message}`);
    return;
  }
  const fx = await makeFixture();
  const store = await openStore(pg.url);
  await store.importDataset(fx.dataset);
  await store.close();
  // Both start at once (each reads the graph and loads the model); a failed start fails the test after cleanup.
  const started = await Promise.allSettled([serve(fx.dirs[0]!, pg.url), serve(fx.dirs[0]!, pg.url)]);
  const replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    assert.match(a.log(), /following other replicas' writes/);
    assert.match(b.log(), /watching \S+manifest\.json for new model versions/);
    // An existing user rates through A; B's list for them changes within a second.
    const user = fx.dataset.users.raw(9);
    const beforeB = await list(b.url, user);
    const rated = beforeB.slice(0, 3).map((item) => ({ item, rating: 5 }));
    const res = await write(a.url, `/api/users/${user}/ratings`, { ratings: rated });
    assert.equal(res.status, 200, await res.clone().text());
    const ms = await within(1000, async () => {
      const now = await list(b.url, user);
      return rated.every((r) => !now.includes(r.item));
    });
    assert.ok(ms <= 1000, `replica B still recommends the items rated through A after ${ms} ms`);

    // A user created through B is known to A within a second.
    const created = await write(b.url, '/api/users', {
      ratings: [0, 1, 2].map((i) => ({ item: fx.dataset.items.raw(i), rating: 4 })),
    });
    assert.equal(created.status, 201);
    const newUser = ((await created.json()) as CreateUserResponse).user;
    const seen = await within(1000, async () => {
      const r = await fetch(`${a.url}/api/users/${newUser}/recommendations?k=5`);
      await r.arrayBuffer();
      return r.status === 200;
    });
    assert.ok(seen <= 1000, `user ${newUser} unknown to replica A after ${seen} ms`);

    // An item added through A is known to B within a second, with its title, and B recommends it through its
    // content at once (the `include` rule asks for it alone); a rating of it through B reaches A.
    const meta = fx.dataset.itemMeta[9]!;
    const item = {
      id: 'replica-new-1',
      title: 'Lanterns Over Miramar (2031)',
      genres: meta.genres!,
      year: 2031,
    };
    const addedA = await write(a.url, '/api/items', { items: [item] });
    assert.equal(addedA.status, 201, await addedA.clone().text());
    const itemAtB = await within(1000, async () => {
      const r = await fetch(`${b.url}/api/items/${item.id}`);
      const body = r.status === 200 ? ((await r.json()) as { title: string }) : (await r.arrayBuffer(), null);
      return body?.title === item.title;
    });
    assert.ok(itemAtB <= 1000, `item ${item.id} unknown to replica B after ${itemAtB} ms`);
    const only = await fetch(
      `${b.url}/api/users/${fx.dataset.users.raw(2)}/recommendations?include=${item.id}`,
    );
    const onlyBody = (await only.json()) as RecommendationsResponse;
    assert.deepEqual(
      onlyBody.recommendations.map((r) => r.item),
      [item.id],
    );
    assert.ok(Number.isFinite(onlyBody.recommendations[0]!.score));
    const rater = fx.dataset.users.raw(11);
    const ratedNew = await write(b.url, `/api/users/${rater}/ratings`, {
      // A known item too: a list of only new items is refused (no served model knows one).
      ratings: [
        { item: item.id, rating: 5 },
        { item: beforeB[7]!, rating: 4 },
      ],
    });
    assert.equal(ratedNew.status, 200, await ratedNew.clone().text());
    const ratingAtA = await within(1000, async () => {
      const r = await fetch(`${a.url}/api/users/${rater}`);
      const body = (await r.json()) as { ratings: Array<{ item: string }> };
      return body.ratings.some((x) => x.item === item.id);
    });
    assert.ok(ratingAtA <= 1000, `the rating of ${item.id} through B is unknown to A after ${ratingAtA} ms`);

    // Items written by `gnnrec items add` (no server involved) reach both running replicas.
    const file = join(await mkdtemp(join(tmpdir(), 'gnnrec-replica-items-')), 'items.csv');
    await writeFile(file, 'id,title,genres,year\ncli-new-1,Harbour Clocks,Drama|Comedy,2030\n');
    const cli = runCli(['items', 'add', '--store', pg.url, '--file', file]);
    assert.equal(cli.status, 0, cli.stderr);
    for (const r of [a, b]) {
      const ms2 = await within(1000, async () => {
        const res2 = await fetch(`${r.url}/api/items/cli-new-1`);
        await res2.arrayBuffer();
        return res2.status === 200;
      });
      assert.ok(ms2 <= 1000, `item added by the CLI unknown to ${r.url} after ${ms2} ms`);
    }

    // The database goes away: writes are 503, reads go on.
    pg.pause();
    const lost = await write(a.url, `/api/users/${user}/ratings`, {
      ratings: [{ item: beforeB[5]!, rating: 1 }],
    });
    assert.equal(lost.status, 503, await lost.clone().text());
    assert.equal((await list(a.url, fx.dataset.users.raw(3))).length, 20);
    assert.equal((await list(b.url, fx.dataset.users.raw(4))).length, 20);
    assert.equal((await fetch(`${b.url}/api/ready`)).status, 200);

    // It returns: writes succeed again and the other replica follows.
    pg.resume();
    let back = 0;
    for (let i = 0; i < 40 && back !== 200; i++) {
      const r = await write(a.url, `/api/users/${user}/ratings`, {
        ratings: [{ item: beforeB[6]!, rating: 5 }],
      });
      await r.arrayBuffer();
      back = r.status;
      if (back !== 200) await new Promise((res2) => setTimeout(res2, 250));
    }
    assert.equal(back, 200, 'writes recover when the database returns');
    const followed = await within(2000, async () => !(await list(b.url, user)).includes(beforeB[6]!));
    assert.ok(followed <= 2000, 'replica B follows again after the recovery');
  } finally {
    for (const r of replicas) await stop(r.child);
    await pg.stop();
  }
});
