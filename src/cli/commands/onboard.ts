import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { GnnrecError } from '../../util/errors.ts';
import { parsePositiveInt } from '../output.ts';
import { itemLabel } from '../titles.ts';

/** How many titles the terminal onboarding asks for before recommending (as the web page does). */
const NEEDED = 5;
/** Popular titles printed to start with. */
const POPULAR = 10;

/** Reads answers line by line from stdin, printing each prompt (a pipe ends the session at EOF). */
class Prompter {
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private closed = false;

  constructor() {
    const rl = createInterface({ input: process.stdin, terminal: false });
    rl.on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(line);
      } else this.lines.push(line);
    });
    rl.on('close', () => {
      this.closed = true;
      this.waiting?.(null);
    });
  }

  /** The next line after printing `prompt`, or null at the end of input. */
  ask(prompt: string): Promise<string | null> {
    process.stdout.write(prompt);
    const next = this.lines.shift();
    if (next !== undefined) {
      if (!process.stdin.isTTY) process.stdout.write(`${next}\n`);
      return Promise.resolve(next);
    }
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

/**
 * `gnnrec onboard --model DIR [-k 10]`: the web onboarding in a terminal (the notebook's `input()` loop). Prints
 * the most-rated titles, then asks for a title (fuzzy, or a number from the list) and its rating, again and again;
 * an empty title ends it. Then prints recommendations (rated titles excluded) with the web cards' reasons.
 */
export function registerOnboard(program: Command): void {
  program
    .command('onboard')
    .description(
      'Rate titles in the terminal (fuzzy title search, rate, repeat; empty line to finish), then get recommendations with reasons',
    )
    .requiredOption('--model <dir>', 'trained model folder (one that folds in new users, e.g. ease)')
    .option('-k, --k <n>', 'number of recommendations', parsePositiveInt('-k'), 10)
    .action(async (o: { model: string; k: number }) => {
      const { openRun, resolveItem, selectBackend, scoreMeaning } = await import('../../run/index.ts');
      const { Catalog } = await import('../../serve/catalog.ts');
      const { serveModel } = await import('../../serve/served-model.ts');
      const { explainRecommendations } = await import('../../serve/exact-explain.ts');
      const { dominant } = await import('../../serve/reasons.ts');
      const { topKIndices } = await import('../../serve/topk.ts');
      await selectBackend();
      const run = await openRun(o.model);
      const ids = run.manifest.ids.items;
      const titles = await run.titles();
      const rated = await run.rated();
      const counts = new Int32Array(ids.length);
      if (rated) for (const i of rated.indices) counts[i]!++;
      const [lo, hi] = (await run
        .dataset()
        .then((d) => d.ratingRange)
        .catch(() => null)) ?? [0.5, 5];
      const label = (i: number): string => itemLabel({ id: ids[i]!, title: titles?.[i] ?? null });

      const popular = Array.from(ids.keys())
        .sort((a, b) => counts[b]! - counts[a]! || a - b)
        .slice(0, POPULAR);
      const out = (line: string): void => void process.stdout.write(`${line}\n`);
      out(`Popular to start with (most rated in ${run.manifest.dataset?.name ?? 'the data'}):`);
      popular.forEach((i, n) => out(`${String(n + 1).padStart(3)}. ${label(i)}`));
      out(
        `Rate at least ${NEEDED}: type a title (typos are fine) or a number above; an empty line when done.`,
      );

      const prompter = new Prompter();
      const mine = new Map<number, number>();
      for (;;) {
        const line = await prompter.ask('title> ');
        if (line === null) break;
        const q = line.trim();
        if (q === '') {
          if (mine.size > 0) break;
          out('  rate at least one title first');
          continue;
        }
        let item: number;
        const pick = /^\d+$/.test(q) ? Number(q) : 0;
        if (pick >= 1 && pick <= popular.length) item = popular[pick - 1]!;
        else {
          try {
            item = resolveItem(q, ids, titles).index;
          } catch (err) {
            out(`  ${(err as Error).message}; try again`);
            continue;
          }
        }
        const answer = await prompter.ask(`  ${label(item)} — your rating (${lo}–${hi}, empty to skip)> `);
        if (answer === null) break;
        if (answer.trim() === '') continue;
        const r = Number(answer);
        if (!Number.isFinite(r) || r < lo || r > hi) {
          out(`  not a rating between ${lo} and ${hi}: skipped`);
          continue;
        }
        mine.set(item, r);
        out(`  rated ${mine.size}${mine.size < NEEDED ? ` of ${NEEDED}` : ''}`);
      }
      if (mine.size === 0) throw new GnnrecError('onboard: no ratings given, nothing to recommend');

      const served = serveModel(run.model, run.manifest);
      const history = [...mine].map(([i, rating]) => ({ item: ids[i]!, rating }));
      const scores = run.model.foldIn(Int32Array.from(mine.keys()), Float32Array.from(mine.values()));
      // Every rated title is left out, whatever its rating: the person has seen it.
      const top = topKIndices(scores, o.k, new Set(mine.keys()));
      const catalog = new Catalog(
        [...ids],
        ids.map((_, i) => ({ title: titles?.[i] ?? ids[i]! })),
        counts,
        new Float64Array(ids.length).fill(NaN),
      );
      const explained = explainRecommendations(
        served,
        catalog,
        'onboard',
        top.map((i) => ids[i]!),
        { rated: history, trained: false, top: 3 },
      );
      out('');
      out(`Recommended for you by ${run.kind} (score = ${scoreMeaning(run.kind)}):`);
      top.forEach((i, n) => {
        out(`${String(n + 1).padStart(3)}. ${scores[i]!.toFixed(3).padStart(7)}  ${label(i)}`);
        const reasons = dominant(explained[n]?.reasons ?? []);
        if (reasons.length > 0)
          out(
            `       because you ${reasons
              .map(
                (r) =>
                  `${r.liked === false ? `rated ${r.title} ${r.rating}★` : `liked ${r.title}`} (${Math.round(r.weight * 100)} %)`,
              )
              .join(', ')}`,
          );
      });
    });
}
