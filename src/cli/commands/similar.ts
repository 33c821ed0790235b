import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract, ratio, token_set_ratio, WRatio } from 'fuzzball';
import type { Command } from 'commander';
import { modelFactories } from '../../models/index.ts';
import { readManifest } from '../../models/io/manifest.ts';
import { GnnrecError } from '../../util/errors.ts';
import { parsePositiveInt, printJson } from '../output.ts';
import { useDefaultBackend } from './model-run.ts';

/** How `--item` was resolved to a dense item index. */
export interface ItemMatch {
  index: number;
  how: 'id' | 'title' | 'fuzzy';
  /** WRatio score (0–100) of a fuzzy title match. */
  score?: number;
}

/** Fuzzy matches below this WRatio score are rejected rather than guessed. */
const MIN_FUZZY_SCORE = 60;

/**
 * Resolves an item query: exact raw id, then exact title (case-insensitive), then fuzzy title match
 * (fuzzball `extract` with `WRatio`). WRatio ties a lot — any one shared word scores 86 against a long
 * title — so the best-scoring titles are re-ranked by `token_set_ratio`, then plain `ratio` (closest in full).
 */
export function resolveItem(query: string, ids: readonly string[], titles: ReadonlyArray<string | null> | null): ItemMatch {
  const byId = ids.indexOf(query);
  if (byId >= 0) return { index: byId, how: 'id' };
  if (!titles) throw new GnnrecError(`no item with id '${query}' (this model has no titles to match against)`);
  const lower = query.toLowerCase();
  const exact = titles.findIndex((t) => t !== null && t.toLowerCase() === lower);
  if (exact >= 0) return { index: exact, how: 'title' };
  const choices: string[] = [];
  const index: number[] = [];
  titles.forEach((t, i) => {
    if (t) {
      choices.push(t);
      index.push(i);
    }
  });
  // A wrapper, not WRatio itself: extract hands its shared, mutated options object to the built-in
  // scorers, which inflates scores on large choice lists (fuzzball 2.2); a custom scorer gets clean calls.
  const scorer = (q: string, c: string): number => WRatio(q, c);
  const found = extract(query, choices, { scorer, cutoff: 0 }) as Array<[string, number, number]>;
  if (found.length === 0 || found[0][1] < MIN_FUZZY_SCORE) {
    const near = found.slice(0, 3).map((f) => `'${f[0]}'`).join(', ');
    throw new GnnrecError(`no item id or title matches '${query}'${near ? ` (closest: ${near})` : ''}`);
  }
  const best = found.filter((f) => f[1] === found[0][1]);
  const key = (f: [string, number, number]): [number, number] => [token_set_ratio(query, f[0]), ratio(query, f[0])];
  const keyed = best.map((f) => ({ f, k: key(f) }));
  keyed.sort((a, b) => b.k[0] - a.k[0] || b.k[1] - a.k[1] || a.f[2] - b.f[2]);
  best[0] = keyed[0].f;
  return { index: index[best[0][2]], how: 'fuzzy', score: best[0][1] };
}

/** Item titles saved beside a model (`titles.json`, dense order), or null when the folder has none. */
export function readTitles(dir: string): Array<string | null> | null {
  const file = join(dir, 'titles.json');
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as Array<string | null>;
}

/** `gnnrec similar --model DIR --item ID|TITLE [-k 10] [--json]`. */
export function registerSimilar(program: Command): void {
  program
    .command('similar')
    .description('Items most similar to one item, by raw id or title (titles match fuzzily)')
    .requiredOption('--model <dir>', 'trained model folder')
    .requiredOption('--item <id|title>', 'raw item id or (part of) a title')
    .option('-k, --k <n>', 'number of similar items', parsePositiveInt('-k'), 10)
    .option('--json', 'print one JSON object')
    .action(async (o: { model: string; item: string; k: number; json?: boolean }) => {
      await useDefaultBackend();
      const manifest = await readManifest(o.model);
      const factory = modelFactories.get(manifest.kind);
      if (!factory) throw new GnnrecError(`${join(o.model, 'manifest.json')}: unknown model kind '${manifest.kind}'`);
      const model = await factory.load(o.model);
      const ids = manifest.ids.items;
      const titles = readTitles(o.model);
      const match = resolveItem(o.item, ids, titles);
      const top = model.similarItems(Int32Array.of(match.index), o.k);
      const title = (i: number): string | null => titles?.[i] ?? null;
      const similar = [];
      for (let r = 0; r < top.k; r++) {
        const i = top.items[r];
        if (i < 0) break;
        similar.push({ rank: r + 1, id: ids[i], title: title(i), score: top.scores[r] });
      }
      const item = { id: ids[match.index], title: title(match.index) };
      if (o.json) {
        printJson({ model: manifest.kind, query: o.item, match: match.how, matchScore: match.score ?? null, item, similar });
        return;
      }
      const name = (t: string | null, id: string): string => (t ? `${t} [${id}]` : id);
      const how = match.how === 'fuzzy' ? `  (fuzzy title match, score ${match.score})` : '';
      process.stdout.write(`${name(item.title, item.id)}${how}\n`);
      if (similar.length === 0) process.stdout.write('  no similar items (the model has no vector for this item)\n');
      for (const s of similar) process.stdout.write(`  ${String(s.rank).padStart(2)}. ${name(s.title, s.id)}  ${s.score.toFixed(3)}\n`);
    });
}
