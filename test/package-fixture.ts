// Generated MovieLens-format data for the package tests (examples and the packed-package consumer).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSynthetic, ratingsCsv } from '../src/data/synthetic.ts';
import type { Dataset } from '../src/data/types.ts';

/** Writes `ratings.csv` and `movies.csv` of a seeded synthetic dataset into `dir` and returns the dataset. */
export function writeMovieLensFolder(
  dir: string,
  opts: { users: number; items: number; seed: number },
): Dataset {
  const ds = generateSynthetic({ ...opts, interactionsPerUser: 20 });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ratings.csv'), ratingsCsv(ds));
  const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const movies = ds.itemMeta.map(
    (m, i) =>
      `${ds.items.raw(i)},${quote(m.title ?? `item ${i}`)},${(m.genres ?? []).join('|') || '(no genres listed)'}`,
  );
  writeFileSync(join(dir, 'movies.csv'), ['movieId,title,genres', ...movies].join('\n') + '\n');
  return ds;
}

/** The raw item ids each user rated, by raw user id. */
export function ratedByUser(ds: Dataset): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const { user, item } = ds.interactions;
  for (let k = 0; k < user.length; k++) {
    const u = ds.users.raw(user[k]);
    let set = out.get(u);
    if (!set) out.set(u, (set = new Set()));
    set.add(ds.items.raw(item[k]));
  }
  return out;
}
