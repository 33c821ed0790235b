import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../data/load.ts';
import { encodeItemFeatures } from '../../data/features/item-features.ts';
import { edaTables } from './eda.ts';
import { HeteroSageModel } from './model.ts';
import { Rng } from '../../util/rng.ts';

// Files shaped like the Kaggle anime database: anime.csv (CRLF, quoted genre lists, "Unknown" episodes,
// HTML entities) and rating.csv (user_id, anime_id, rating with −1 = watched but unrated).
const ANIME_CSV = [
  'anime_id,name,genre,type,episodes,rating,members',
  '32281,Kimi no Na wa.,"Drama, Romance, School, Supernatural",Movie,1,9.37,200630',
  '5114,Fullmetal Alchemist: Brotherhood,"Action, Adventure, Drama, Fantasy, Magic, Military, Shounen",TV,64,9.26,793665',
  '28977,Gintama°,"Action, Comedy, Historical, Parody, Samurai, Sci-Fi, Shounen",TV,51,9.25,114262',
  '9969,Gintama&#039;,"Action, Comedy, Historical, Parody, Samurai, Sci-Fi, Shounen",TV,51,9.16,151266',
  '21,One Piece,"Action, Adventure, Comedy, Drama, Fantasy, Shounen, Super Power",TV,Unknown,8.58,504862',
  '777,Hellsing Ultimate,"Action, Horror, Military, Seinen, Supernatural, Vampire",OVA,10,8.59,297454',
  '1,Cowboy Bebop,"Action, Adventure, Comedy, Drama, Sci-Fi, Space",TV,26,8.82,486824',
  '6,Trigun,"Action, Comedy, Sci-Fi",TV,26,8.32,283069',
].join('\r\n');

function ratingCsv(): string {
  const rng = new Rng(5);
  const ids = [32281, 5114, 28977, 9969, 21, 777, 1, 6];
  const rows = ['user_id,anime_id,rating'];
  for (let u = 1; u <= 40; u++) {
    for (const a of ids) {
      if (rng.uniform() < 0.35) continue;
      // Users 1–20 love action TV, the others prefer films and dramas; some are unrated (−1).
      const base = u <= 20 ? (a === 32281 ? 5 : 9) : a === 32281 ? 10 : 6;
      const r = rng.uniform() < 0.1 ? -1 : Math.max(1, Math.min(10, base + rng.int(3) - 1));
      rows.push(`${u},${a},${r}`);
    }
  }
  return rows.join('\n') + '\n';
}

test('anime fixture: reader + features (genres, type, episodes with Unknown, titles) + a short training run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gnnrec-anime-'));
  await writeFile(join(dir, 'anime.csv'), ANIME_CSV);
  await writeFile(join(dir, 'rating.csv'), ratingCsv());
  const ds = await loadDataset(dir);
  assert.equal(ds.format, 'anime');
  assert.deepEqual(ds.ratingRange, [1, 10]);
  const f = await encodeItemFeatures(ds, { genres: 10, title: 'hash' }, { cacheDir: null });
  assert.ok(f.names.includes('genre:Action'));
  assert.ok(f.names.includes('type:OVA'));
  assert.ok(f.names.includes('episodes:missing'));
  assert.equal(f.names.filter((n) => n.startsWith('genre:')).length, 10);
  assert.ok(!f.names.some((n) => n.includes('rating')), 'community mean rating is not a feature (leakage)');
  const onePiece = ds.items.get('21');
  assert.ok(onePiece !== undefined);
  assert.equal(f.data[onePiece * f.cols + f.names.indexOf('episodes:missing')], 1);
  const eda = edaTables(ds);
  assert.ok(eda.byType.some((g) => g.group === 'TV'));
  assert.ok(eda.byEpisodes.some((g) => g.group === 'Unknown'));
  assert.ok(eda.byGenre.length > 5);
  const m = new HeteroSageModel(ds.users.size, ds.items.size, {
    epochs: 30,
    hidden: 8,
    userDim: 8,
    featureCache: '',
    features: { genres: 10, title: 'hash' },
  });
  const rep = await m.fit(
    { numUsers: ds.users.size, numItems: ds.items.size, train: ds.interactions, dataset: ds },
    { seed: 1 },
  );
  assert.ok(rep.curve[rep.curve.length - 1].loss < rep.curve[0].loss);
  const p = m.predict(ds.interactions.user, ds.interactions.item);
  for (const v of p) assert.ok(v >= 1 && v <= 10);
});
