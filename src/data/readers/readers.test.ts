import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, loadDatasetWithReport } from '../load.ts';

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gnnrec-read-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

test('MovieLens latest: quoted titles, tags, links; items are the rated movies', async () => {
  const dir = folder({
    'ratings.csv':
      'userId,movieId,rating,timestamp\n1,10,4.0,964982703\n1,2,0.5,964981247\n7,10,5.0,964982224\n',
    'movies.csv':
      'movieId,title,genres\n2,"American President, The (1995)",Comedy|Drama|Romance\n10,Heat (1995),(no genres listed)\n99,Never Rated (2001),Drama\n',
    'tags.csv':
      'userId,movieId,tag,timestamp\n1,10,"heist, classic",1\n7,10,Heist,2\n7,10,heist,3\n1,99,orphan,4\n',
    'links.csv': 'movieId,imdbId,tmdbId\n2,0112346,9087\n10,0113277,\n',
  });
  const { dataset: ds, report } = await loadDatasetWithReport(dir);
  assert.equal(ds.format, 'movielens');
  assert.equal(ds.users.size, 2);
  assert.equal(ds.items.size, 2);
  assert.deepEqual(ds.items.toJSON(), ['2', '10'], 'numeric id order');
  assert.deepEqual(ds.itemMeta[0], {
    title: 'American President, The (1995)',
    genres: ['Comedy', 'Drama', 'Romance'],
    year: 1995,
    numeric: { imdbId: 112346, tmdbId: 9087 },
  });
  assert.deepEqual(ds.itemMeta[1]!.genres, []);
  assert.deepEqual(ds.itemMeta[1]!.tags, ['heist, classic', 'Heist']);
  assert.equal(ds.itemMeta[1]!.numeric!.tmdbId, null);
  assert.deepEqual(Array.from(ds.interactions.item), [1, 0, 1]);
  assert.deepEqual(Array.from(ds.interactions.rating), [4, 0.5, 5]);
  assert.equal(ds.interactions.timestamp![0], 964982703);
  assert.deepEqual(ds.ratingRange, [0.5, 5]);
  assert.equal(report.skipped['unrated-item'], 1);
});

test('ml-100k: tab-separated u.data and latin-1 u.item with 19 genre flags', async () => {
  const flags = (on: number[]) =>
    Array.from({ length: 19 }, (_, k) => (on.includes(k) ? '1' : '0')).join('|');
  const item = Buffer.concat([
    Buffer.from(`1|Toy Story (1995)|01-Jan-1995||http://x|${flags([3, 4, 5])}\n`, 'latin1'),
    Buffer.from(`2|Belle \xe9poque (1992)|01-Jan-1994||http://y|${flags([5, 14])}\n`, 'latin1'),
    Buffer.from(`3|unknown||||${flags([0])}\n`, 'latin1'),
  ]);
  const dir = folder({
    'u.data': '2\t2\t5\t881250949\n1\t1\t3\t881250950\n1\t2\t1\t881250951\n',
    'u.item': item,
  });
  const ds = await loadDataset(dir);
  assert.deepEqual(ds.users.toJSON(), ['1', '2']);
  assert.deepEqual(ds.items.toJSON(), ['1', '2']);
  assert.equal(ds.itemMeta[1]!.title, 'Belle époque (1992)');
  assert.deepEqual(ds.itemMeta[0]!.genres, ['Animation', "Children's", 'Comedy']);
  assert.deepEqual(ds.itemMeta[1]!.genres, ['Comedy', 'Romance']);
  assert.deepEqual(ds.ratingRange, [1, 5]);
});

test('ml-1m: "::"-separated latin-1 .dat files', async () => {
  const dir = folder({
    'ratings.dat': '1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n',
    'movies.dat': Buffer.from(
      "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n",
      'latin1',
    ),
  });
  const ds = await loadDataset(dir);
  assert.equal(ds.interactions.user.length, 3);
  assert.deepEqual(ds.items.toJSON(), ['661', '1193']);
  assert.equal(ds.itemMeta[1]!.year, 1975);
  assert.deepEqual(ds.itemMeta[0]!.genres, ['Animation', "Children's", 'Musical']);
  assert.deepEqual(ds.ratingRange, [1, 5]);
  const tenM = await loadDataset(
    folder({ 'ratings.dat': '1::122::4.5::838985046\n1::185::0.5::838983525\n' }),
  );
  assert.deepEqual(tenM.ratingRange, [0.5, 5], 'ml-10m uses half stars');
});

const ANIME_CSV =
  'anime_id,name,genre,type,episodes,rating,members\r\n' +
  '9253,Steins;Gate,"Sci-Fi, Thriller",TV,24,9.17,673572\r\n' +
  '28977,Gintama&#039;,"Action, Comedy",TV,Unknown,9.25,114262\r\n' +
  '5,Tom &amp; Jerry &quot;Movie&quot;,,,1,,300\r\n';

test('anime.csv alone: the catalogue with decoded names, Unknown episodes as null', async () => {
  const ds = await loadDataset(folder({ 'anime.csv': ANIME_CSV }));
  assert.equal(ds.format, 'anime');
  assert.equal(ds.items.size, 3);
  assert.equal(ds.interactions.user.length, 0);
  assert.deepEqual(ds.items.toJSON(), ['5', '9253', '28977']);
  assert.deepEqual(ds.itemMeta[2], {
    title: "Gintama'",
    genres: ['Action', 'Comedy'],
    type: 'TV',
    numeric: { episodes: null, rating: 9.25, members: 114262 },
  });
  assert.equal(ds.itemMeta[0]!.title, 'Tom & Jerry "Movie"');
  assert.equal(ds.itemMeta[0]!.type, undefined);
  assert.equal(ds.itemMeta[0]!.numeric!.rating, null);
  assert.deepEqual(ds.itemMeta[0]!.genres, []);
});

test('anime rating.csv: −1 (watched, not rated) is dropped by default or kept on request', async () => {
  const dir = folder({
    'anime.csv': ANIME_CSV,
    'rating.csv': 'user_id,anime_id,rating\n1,9253,10\n1,28977,-1\n2,9253,-1\n2,28977,7\n',
  });
  const { dataset: dropped, report } = await loadDatasetWithReport(dir);
  assert.equal(dropped.interactions.user.length, 2);
  assert.equal(report.skipped.unrated, 2);
  assert.equal(report.skipped['unrated-item'], 1);
  assert.deepEqual(dropped.ratingRange, [1, 10]);
  const kept = await loadDataset(dir, { animeUnrated: 'keep' });
  assert.equal(kept.interactions.user.length, 4);
  assert.deepEqual(Array.from(kept.interactions.rating), [10, -1, -1, 7]);
});

test('The Movies Dataset: ratings_small + links_small + movies_metadata genre lists', async () => {
  const dir = folder({
    'ratings_small.csv':
      'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n2,31,4,1260759180\n',
    'links_small.csv': 'movieId,imdbId,tmdbId\n31,0112792,9909\n1029,0033563,11360\n',
    'movies_metadata.csv':
      'adult,budget,genres,id,imdb_id,popularity,release_date,revenue,runtime,title,vote_average,vote_count\n' +
      "False,0,\"[{'id': 18, 'name': 'Drama'}]\",9909,tt0112792,5.1,1995-08-11,0,124.0,Dangerous Minds,6.4,249\n" +
      'False,- Written by Ørnås,broken,1997-08-20,x,,,,,,,\n' +
      "False,950000,\"[{'id': 16, 'name': 'Animation'}, {'id': 10751, 'name': 'Family'}]\",11360,tt0033563,12.3,1941-10-22,1600000,64.0,Dumbo,6.8,1206\n",
  });
  const { dataset: ds, report } = await loadDatasetWithReport(dir);
  assert.equal(ds.format, 'movies-dataset');
  assert.equal(ds.interactions.user.length, 3);
  assert.equal(ds.itemMeta[1]!.title, 'Dumbo');
  assert.deepEqual(ds.itemMeta[1]!.genres, ['Animation', 'Family']);
  assert.equal(ds.itemMeta[1]!.year, 1941);
  assert.equal(ds.itemMeta[1]!.numeric!.budget, 950000);
  assert.equal(ds.itemMeta[0]!.numeric!.vote_count, 249);
  assert.equal(report.skipped['metadata-bad-row'], 1);
});

test('LightGCN train.txt/test.txt: implicit data with the provided split', async () => {
  const dir = folder({ 'train.txt': '0 0 1 2\n1 2 3\n2\n', 'test.txt': '0 3\n1 0\n2 1 4\n' });
  const { dataset: ds } = await loadDatasetWithReport(dir);
  assert.equal(ds.format, 'lightgcn');
  assert.equal(ds.users.size, 3);
  assert.equal(ds.items.size, 5);
  assert.deepEqual(ds.items.toJSON(), ['0', '1', '2', '3', '4'], 'dense = raw for 0-based ids');
  assert.equal(ds.providedSplit!.train.length, 5);
  assert.deepEqual(Array.from(ds.providedSplit!.test), [5, 6, 7, 8]);
  assert.equal(ds.ratingRange, null);
  assert.equal(ds.interactions.timestamp, null);
});

test('generic CSV: default header names, explicit mapping, headerless TSV, implicit', async () => {
  const dir = folder({
    'a.csv': 'user_id,item_id,score,ts\nalice,book 1,3,10\nbob,"book, 2",5,11\n',
    'b.tsv': 'u1\ti1\nu2\ti1\n',
    'c.csv': 'who;what;stars\nx;y;2\n',
  });
  const a = await loadDataset(join(dir, 'a.csv'));
  assert.equal(a.format, 'csv');
  assert.deepEqual(a.items.toJSON(), ['book 1', 'book, 2']);
  assert.deepEqual(Array.from(a.interactions.rating), [3, 5]);
  assert.deepEqual(a.ratingRange, [3, 5]);
  assert.deepEqual(Array.from(a.interactions.timestamp!), [10, 11]);
  const b = await loadDataset(join(dir, 'b.tsv'), { csv: { user: 0, item: 1, header: false } });
  assert.equal(b.interactions.user.length, 2);
  assert.equal(b.ratingRange, null);
  const c = await loadDataset(join(dir, 'c.csv'), {
    format: 'csv',
    csv: { user: 'who', item: 'what', rating: 'stars', delimiter: ';', ratingRange: [1, 5] },
  });
  assert.deepEqual(c.ratingRange, [1, 5]);
  assert.equal(c.interactions.rating[0], 2);
});
