// Where `gnnrec demo` finds its data, in order: --data, $GNNREC_DATA, the fetch cache, ../shared/data beside the
// checkout; synthetic data (said loudly, with how to fix it) only when none holds MovieLens and there is no download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoData, SYNTHETIC_NOTICE } from '../src/serve/demo/data-source.ts';

/** A tiny MovieLens folder whose one title names the place it stands for. */
function movieLens(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'movies.csv'),
    `movieId,title,genres\n1,${name} (2000),Drama\n2,Other (2001),Comedy\n`,
  );
  writeFileSync(
    join(dir, 'ratings.csv'),
    'userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,3.0,2\n2,1,5.0,3\n',
  );
  return dir;
}

test('demo data: --data, then $GNNREC_DATA, then the fetch cache, then ../shared/data next to the checkout', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gnnrec-demo-data-'));
  try {
    const checkout = join(root, 'work', 'gnnrec');
    mkdirSync(checkout, { recursive: true });
    const cache = join(root, 'cache');
    const env: NodeJS.ProcessEnv = {};
    const lines: string[] = [];
    const base = {
      offline: true,
      log: (l: string) => lines.push(l),
      env,
      cache,
      packageRoot: checkout,
      cwd: root,
    };
    const title = async (o: Parameters<typeof demoData>[0]): Promise<string> => {
      const d = await demoData(o);
      assert.equal(d.synthetic, false);
      return d.dataset.itemMeta[0]!.title!;
    };

    // Nothing anywhere, offline: synthetic data and a notice that says how to get real data.
    const none = await demoData(base);
    assert.equal(none.synthetic, true);
    assert.ok(
      lines.some((l) => l.includes(SYNTHETIC_NOTICE)),
      lines.join('\n'),
    );
    assert.match(SYNTHETIC_NOTICE, /--data DIR/);
    assert.match(SYNTHETIC_NOTICE, /GNNREC_DATA/);

    movieLens(join(root, 'work', 'shared', 'data', 'ml-latest-small'), 'Shared');
    assert.equal(await title(base), 'Shared (2000)');
    movieLens(join(cache, 'datasets', 'ml-latest-small'), 'Cached');
    assert.equal(await title(base), 'Cached (2000)');
    env['GNNREC_DATA'] = movieLens(join(root, 'env', 'ml-latest-small'), 'FromEnv');
    assert.equal(await title(base), 'FromEnv (2000)');
    // $GNNREC_DATA may also name the folder that holds ml-latest-small.
    env['GNNREC_DATA'] = join(root, 'env');
    assert.equal(await title(base), 'FromEnv (2000)');
    const flag = movieLens(join(root, 'flag'), 'Flag');
    assert.equal(await title({ ...base, data: flag }), 'Flag (2000)');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
