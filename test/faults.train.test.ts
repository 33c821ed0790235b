// Training faults (issue 21): data that cannot train fails before any training, and a model folder is
// replaced whole — a kill -9 or a full disk during the save leaves the previous model intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSynthetic, ratingsCsv } from '../src/data/synthetic.ts';
import type { Dataset } from '../src/data/types.ts';
import { cliArgv, runCli } from './cli.ts';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'gnnrec-faults-train-'));
}

/** Writes a dataset as a generic `user,item,rating` CSV file. */
function writeCsv(file: string, ds: Dataset): void {
  const { user, item, rating } = ds.interactions;
  const lines = ['user,item,rating'];
  for (let k = 0; k < user.length; k++)
    lines.push(`${ds.users.raw(user[k]!)},${ds.items.raw(item[k]!)},${rating[k]}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

const TRAIN = ['--model', 'mf-bpr', '--epochs', '1', '--backend', 'js', '--dim', '8'];

test('the anime catalogue without rating.csv fails before training and says where rating.csv comes from', () => {
  const dir = tmp();
  const data = join(dir, 'anime');
  spawnSync('mkdir', [data]);
  writeFileSync(
    join(data, 'anime.csv'),
    'anime_id,name,genre,type,episodes,rating,members\n1,A,Drama,TV,12,8.1,100\n2,B,Comedy,TV,1,7.0,50\n',
  );
  for (const model of ['lightgcn', 'hetero-sage']) {
    const out = join(dir, `m-${model}`);
    const r = runCli(['train', '--data', data, '--model', model, '--out', out], { timeout: 120_000 });
    assert.equal(r.status, 1, `${model}: ${r.stderr}`);
    assert.match(
      r.stderr,
      /dataset 'anime' \(0 users, 2 items\) has no interactions, so there is nothing to train on; anime\.csv is the catalogue only; the ratings are rating\.csv/,
    );
    assert.ok(!existsSync(out), `${model}: no model folder is written`);
  }
});

test('too few interactions for the protocol fail before training, naming what is needed', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'few.csv'), 'user,item,rating\na,x,5\nb,x,4\na,y,1\n');
  const r = runCli(['train', '--data', join(dir, 'few.csv'), ...TRAIN, '--out', join(dir, 'm')], {
    timeout: 120_000,
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    /protocol seed001 needs at least 10 positive interactions \(ratings ≥ 3\.5\) for its 80\/10\/10 split; it has 2 of 3/,
  );
  assert.ok(!existsSync(join(dir, 'm')));
});

/** A model folder's files and their bytes, to compare before and after a fault. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f)).toString('base64');
  return out;
}

test('a save that runs out of space (ulimit -f) leaves no half-written model folder and the previous one intact', () => {
  const dir = tmp();
  writeCsv(
    join(dir, 'data.csv'),
    generateSynthetic({ users: 300, items: 2000, seed: 3, interactionsPerUser: 12 }),
  );
  const out = join(dir, 'model');
  const args = ['train', '--data', join(dir, 'data.csv'), ...TRAIN, '--dim', '64', '--out', out];
  const limited = (): ReturnType<typeof spawnSync> => {
    // 200 KiB per file: the tensors (2 300 × 64 floats ≈ 590 KB) cannot be written.
    const cmd = `ulimit -f 200; exec "${process.execPath}" ${cliArgv(args)
      .map((a) => `'${a}'`)
      .join(' ')}`;
    return spawnSync('bash', ['-c', cmd], { encoding: 'utf8', timeout: 180_000 });
  };
  const first = limited();
  assert.notEqual(first.status, 0, 'the save fails');
  assert.ok(
    !existsSync(out),
    `no model folder after a failed first save (${String(first.stderr).slice(-300)})`,
  );
  const ok = runCli(args, { timeout: 180_000 });
  assert.equal(ok.status, 0, ok.stderr);
  const before = snapshot(out);
  const again = limited();
  assert.notEqual(again.status, 0);
  assert.deepEqual(snapshot(out), before, 'the previous model is untouched');
  // Whatever the failed writer left aside is cleared by the next save.
  assert.equal(runCli(args, { timeout: 180_000 }).status, 0);
  assert.deepEqual(
    readdirSync(dir).filter((e) => e.startsWith('.model.')),
    [],
  );
});

test('kill -9 while the model folder is being saved leaves the previous model intact', async () => {
  const dir = tmp();
  writeCsv(
    join(dir, 'data.csv'),
    generateSynthetic({ users: 400, items: 6000, seed: 5, interactionsPerUser: 12 }),
  );
  const out = join(dir, 'model');
  const args = ['train', '--data', join(dir, 'data.csv'), ...TRAIN, '--dim', '128', '--out', out];
  assert.equal(runCli(args, { timeout: 180_000 }).status, 0);
  const before = snapshot(out);
  let killedDuringSave = 0;
  for (let attempt = 0; attempt < 4 && killedDuringSave === 0; attempt++) {
    const child = spawn(process.execPath, cliArgv([...args, '--seed', String(10 + attempt)]), {
      stdio: 'ignore',
    });
    // The staging folder appearing beside the model means the save has begun: kill right then.
    const w = watch(dir, (_ev, name) => {
      if (name && String(name).startsWith('.model.staging-') && child.exitCode === null)
        child.kill('SIGKILL');
    });
    const signal = await new Promise<NodeJS.Signals | null>((ok) => child.on('close', (_c, s) => ok(s)));
    w.close();
    const now = snapshot(out);
    if (signal === 'SIGKILL') {
      killedDuringSave++;
      assert.deepEqual(now, before, 'a killed save leaves the previous model as it was');
    } else assert.notDeepEqual(now, before, 'a save that finished replaced the model whole');
    // Either way the folder is a complete model that loads.
    const r = runCli(['recommend', '--model', out, '--user', '1', '-k', '3', '--json'], { timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
  }
  assert.ok(killedDuringSave > 0, 'at least one kill landed during a save');
});

test('the hetero-sage feature cache goes to $XDG_CACHE_HOME/gnnrec, never the working directory', () => {
  const dir = tmp();
  const ds = generateSynthetic({ users: 40, items: 30, seed: 3, interactionsPerUser: 10 });
  const data = join(dir, 'ml');
  mkdirSync(data);
  writeFileSync(join(data, 'ratings.csv'), ratingsCsv(ds));
  const movies = Array.from(
    { length: ds.items.size },
    (_, i) => `${ds.items.raw(i)},film ${i} (${1990 + (i % 20)}),${['Comedy', 'Drama', 'Action'][i % 3]}`,
  );
  writeFileSync(join(data, 'movies.csv'), ['movieId,title,genres', ...movies].join('\n') + '\n');
  const cwd = join(dir, 'work');
  const cache = join(dir, 'xdg');
  mkdirSync(cwd);
  const args = ['train', '--data', data, '--model', 'hetero-sage', '--epochs', '1', '--out', join(dir, 'm')];
  const r = runCli([...args, '--text-model', join(dir, 'none')], {
    cwd,
    env: { ...process.env, XDG_CACHE_HOME: cache },
    timeout: 180_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(cwd), [], 'nothing written in the working directory');
  const cached = readdirSync(join(cache, 'gnnrec', 'features'));
  assert.ok(
    cached.some((f) => f.endsWith('.f32')) && cached.some((f) => f.endsWith('.json')),
    cached.join(','),
  );
});

test('training prints one progress line per epoch with the total, the time spent and the time left', () => {
  const dir = tmp();
  writeCsv(
    join(dir, 'data.csv'),
    generateSynthetic({ users: 60, items: 80, seed: 2, interactionsPerUser: 12 }),
  );
  const args = ['train', '--data', join(dir, 'data.csv'), ...TRAIN, '--epochs', '3', '--out', join(dir, 'm')];
  const r = runCli(args, { timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('epoch '));
  assert.equal(lines.length, 3, r.stderr);
  assert.match(lines[0]!, /^epoch 1\/3 {2}loss \d+\.\d{4} .*elapsed [\d.]+ \w+ {2}remaining ~[\d.]+ \w+$/);
  assert.match(lines[2]!, /^epoch 3\/3 {2}loss /);
  assert.doesNotMatch(lines[2]!, /remaining/);
});
