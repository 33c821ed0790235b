// Title-search latency (not a test): p50/p99 of TitleSearch.search for short, typo and 200-character queries over
// MovieLens latest-small's titles and over a synthetic catalogue of 100 000 titles. Targets (issue 20): p99 of a
// 200-character query ≤ 5 ms on latest-small, ≤ 20 ms on 100 000 titles.
//   node --import tsx bench/search.ts [--data ../shared/data/ml-latest-small] [--titles 100000] [--json]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { ItemMeta } from '../src/data/types.ts';
import { loadDataset } from '../src/data/load.ts';
import { Rng } from '../src/util/rng.ts';
import { Catalog } from '../src/serve/catalog.ts';
import { TitleSearch } from '../src/serve/search.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/ml-latest-small' },
    titles: { type: 'string', default: '100000' },
    json: { type: 'boolean', default: false },
  },
});

/** Percentile of sorted milliseconds. */
function pct(sorted: number[], p: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 1000) / 1000;
}

/** Times `queries` (each once after one warm-up pass) and returns p50/p99/max in ms. */
function time(search: TitleSearch, queries: string[]): { p50: number; p99: number; max: number } {
  for (const q of queries.slice(0, 20)) search.search(q, 10);
  const ms: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    search.search(q, 10);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: pct(ms, 0.5), p99: pct(ms, 0.99), max: pct(ms, 1) };
}

/** Query sets drawn from the titles themselves: prefixes, one-letter typos, and 200-character run-ons. */
function queries(titles: string[], seed: number): Record<string, string[]> {
  const rng = new Rng(seed);
  const pick = (): string => titles[rng.int(titles.length)]!.replace(/\s*\(\d{4}\)$/, '');
  const short: string[] = [];
  const typo: string[] = [];
  const long: string[] = [];
  for (let i = 0; i < 300; i++) {
    short.push(pick().slice(0, 8));
    const t = pick();
    const at = 1 + rng.int(Math.max(1, t.length - 2));
    typo.push(t.slice(0, at) + t[at + 1] + t[at] + t.slice(at + 2));
    let l = '';
    while (l.length < 200) l += pick() + ' ';
    long.push(l.slice(0, 200));
  }
  return { short, typo, long200: long };
}

const WORDS = (
  'love night star war dark city blue man woman girl boy day king queen last first house game road river time ' +
  'dream ghost secret summer winter red black white little big great lost return story life death world dead ' +
  'heart fire water moon sun sea island blood shadow angel devil hunter killer family friend lady lord'
).split(' ');

/** A catalogue of `n` synthetic multi-word titles (seeded). */
function syntheticTitles(n: number, seed: number): string[] {
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const words = 1 + rng.int(5);
    const t: string[] = [];
    for (let w = 0; w < words; w++) t.push(WORDS[rng.int(WORDS.length)]!);
    // A random suffix makes titles distinct, as in a real catalogue.
    t.push(rng.int(36 ** 4).toString(36));
    out.push(`${t.join(' ')} (${1950 + rng.int(70)})`);
  }
  return out;
}

function catalogOf(titles: string[]): Catalog {
  const meta: ItemMeta[] = titles.map((title) => ({ title }));
  return new Catalog(
    titles.map((_, i) => `i${i}`),
    meta,
    new Int32Array(titles.length),
    new Float64Array(titles.length),
  );
}

const report: Record<string, unknown> = {};
const ds = await loadDataset(values.data);
const realTitles = ds.itemMeta.map((m, i) => m.title ?? ds.items.raw(i));
for (const [name, titles] of [
  ['latest-small', realTitles],
  [`synthetic-${values.titles}`, syntheticTitles(Number(values.titles), 3)],
] as const) {
  const t0 = performance.now();
  const search = new TitleSearch(catalogOf([...titles]));
  // The index is built on the first search otherwise; build_ms times it.
  search.build();
  const build = Math.round(performance.now() - t0);
  const sets = queries([...titles], 11);
  const row: Record<string, unknown> = { titles: titles.length, build_ms: build };
  for (const [q, list] of Object.entries(sets)) row[q] = time(search, list);
  report[name] = row;
}
report['loadavg'] = loadavg().map((x) => Math.round(x * 100) / 100);
if (values.json) process.stdout.write(JSON.stringify(report) + '\n');
else console.log(JSON.stringify(report, null, 2));
