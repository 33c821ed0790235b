// `gnnrec onboard` end to end, driven through stdin as a person would type: popular titles first, fuzzy titles and
// list numbers rated, then recommendations that leave out rated titles, follow the person's taste and give reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/util/rng.ts';
import { runCli } from './cli.ts';

const WORDS = [
  'Voyager',
  'Harbor',
  'Lantern',
  'Meadow',
  'Canyon',
  'Falcon',
  'Orchid',
  'Glacier',
  'Ember',
  'Summit',
];
const WORDS2 = ['Nights', 'Echoes', 'Dreams', 'Tides', 'Roads', 'Sparks'];

/** 60 sci-fi and 60 comedy titles; sci-fi fans rate sci-fi high and comedy low, comedy fans the other way round. */
function writeMovieLens(dir: string): { scifi: Set<string>; titles: Map<string, string> } {
  const movies = ['movieId,title,genres'];
  const titles = new Map<string, string>();
  const scifi = new Set<string>();
  for (let m = 0; m < 120; m++) {
    const sf = m < 60;
    const title = `${sf ? 'Star' : 'Funny'} ${WORDS[m % 10]!} ${WORDS2[Math.floor(m / 10) % 6]!} (${1960 + m})`;
    movies.push(`${m + 1},${title},${sf ? 'Sci-Fi' : 'Comedy'}`);
    titles.set(String(m + 1), title);
    if (sf) scifi.add(title);
  }
  const rng = new Rng(3);
  const ratings = ['userId,movieId,rating,timestamp'];
  for (let u = 0; u < 80; u++) {
    const fan = u % 2 === 0;
    const seen = new Set<number>();
    while (seen.size < 25) seen.add(rng.int(120));
    for (const m of seen) {
      const likes = m < 60 === fan;
      const r = likes ? 4 + rng.int(3) * 0.5 : 1 + rng.int(3) * 0.5;
      ratings.push(`${u + 1},${m + 1},${r},${1000 + u * 100 + m}`);
    }
  }
  writeFileSync(join(dir, 'movies.csv'), movies.join('\n') + '\n');
  writeFileSync(join(dir, 'ratings.csv'), ratings.join('\n') + '\n');
  return { scifi, titles };
}

test(
  'gnnrec onboard: rate by fuzzy title and list number through stdin, get personal recommendations',
  { timeout: 180_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnnrec-onboard-'));
    try {
      const { scifi } = writeMovieLens(dir);
      const model = join(dir, 'model');
      const tr = runCli([
        'train',
        '--data',
        dir,
        '--model',
        'ease',
        '--protocol',
        'full',
        '--out',
        model,
        '--json',
      ]);
      assert.equal(tr.status, 0, tr.stderr);
      // Typos in two titles, one exact title, a rating out of range (skipped), then an empty line to finish.
      const input = [
        'star voyagr nights',
        '5',
        'Star Harbor Nights (1961)',
        '4.5',
        'star lantrn nights',
        '5',
        'star meadow nights',
        '9',
        'star meadow nights',
        '4',
        'funny canyon nights',
        '1',
        '',
      ].join('\n');
      const r = runCli(['onboard', '--model', model, '-k', '10'], { input: input + '\n' });
      assert.equal(r.status, 0, r.stderr);
      const out = r.stdout;
      assert.match(out, /^Popular to start with/m);
      assert.match(out, /not a rating between 0\.5 and 5: skipped/);
      const rated = [
        'Star Voyager Nights',
        'Star Harbor Nights',
        'Star Lantern Nights',
        'Star Meadow Nights',
        'Funny Canyon Nights',
      ];
      for (const t of rated) assert.match(out, new RegExp(`${t} \\(\\d{4}\\) \\[\\d+\\] — your rating`), t);
      const recs = out.slice(out.indexOf('Recommended for you'));
      const lines = recs.split('\n').filter((l) => /^\s+\d+\.\s/.test(l));
      assert.equal(lines.length, 10, recs);
      const listed = lines.map((l) => /\d\s+(.+ \(\d{4}\)) \[\d+\]$/.exec(l)![1]!);
      for (const t of listed) assert.ok(!rated.some((x) => t.startsWith(x)), `already rated: ${t}`);
      const sf = listed.filter((t) => scifi.has(t)).length;
      assert.ok(sf >= 8, `a sci-fi fan gets sci-fi (${sf}/10): ${listed.join('; ')}`);
      // The 1-star comedy is below the person's mean rating: never called liked.
      const because = recs.split('\n').filter((l) => l.includes('because you '));
      assert.ok(because.length > 0, recs);
      for (const b of because) assert.ok(!b.includes('liked Funny Canyon'), b);
      assert.ok(
        because.some((b) => /liked Star \w+ Nights/.test(b)),
        recs,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
