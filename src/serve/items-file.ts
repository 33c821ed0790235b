import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseCsvLine } from '../data/readers/csv-parse.ts';
import { splitGenres } from '../data/readers/text.ts';
import { InputError } from '../util/errors.ts';
import type { NewItemInput } from './schemas/types.ts';

/** Limits shared with `POST /api/items` (its schema), so a file the CLI accepts the API would accept too. */
const MAX_ID = 128;
const MAX_TITLE = 500;
const MAX_GENRES = 50;
const MAX_NUMERIC = 50;
/** Columns of an items CSV that are not numeric features. */
const TEXT_COLUMNS = new Set(['id', 'title', 'genres', 'year', 'type']);

/**
 * Reads new items from a file: CSV (header `id,title[,genres][,year][,type][,<numeric feature>…]`, genres
 * separated by `|`), JSON Lines (`.jsonl`/`.ndjson`, one item object a line) or JSON (an array of item objects, or
 * `{ "items": [...] }`), each item shaped as `POST /api/items` takes it. Bad input is an `InputError` naming the
 * file, line and field; an id listed twice is one too.
 */
export async function readItemsFile(file: string): Promise<ItemsFile> {
  const text = await readFile(file, 'utf8');
  const ext = extname(file).toLowerCase();
  const items =
    ext === '.csv'
      ? fromCsv(file, text)
      : ext === '.jsonl' || ext === '.ndjson'
        ? fromJsonLines(file, text)
        : ext === '.json'
          ? fromJson(file, text)
          : undefined;
  if (!items) throw new InputError({ file }, `unknown items format '${ext}' (use .csv, .jsonl or .json)`);
  if (items.length === 0) throw new InputError({ file }, 'no items');
  const seen = new Map<string, number>();
  for (const { item, line } of items) {
    const first = seen.get(item.id);
    if (first !== undefined)
      throw new InputError(
        { file, line, field: 'id' },
        `item '${item.id}' is listed twice (first on line ${first})`,
      );
    seen.set(item.id, line);
  }
  return { items: items.map((x) => x.item), lines: items.map((x) => x.line) };
}

/** Items read from a file, and the line each starts on (for errors found later, e.g. an id already stored). */
export interface ItemsFile {
  items: NewItemInput[];
  lines: number[];
}

type Located = { item: NewItemInput; line: number };

function fromCsv(file: string, text: string): Located[] {
  const lines = text.split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '').map((h) => h.trim());
  for (const need of ['id', 'title'])
    if (!header.includes(need))
      throw new InputError({ file, line: 1, field: need }, `missing column (header: ${header.join(',')})`);
  const out: Located[] = [];
  for (let n = 1; n < lines.length; n++) {
    const raw = lines[n]!;
    if (raw.trim() === '') continue;
    const line = n + 1;
    let cells: string[];
    try {
      cells = parseCsvLine(raw);
    } catch {
      throw new InputError(
        { file, line },
        'unterminated quoted field (a quoted title must close on its line)',
      );
    }
    if (cells.length !== header.length)
      throw new InputError({ file, line }, `${cells.length} fields, the header has ${header.length}`);
    const obj: Record<string, unknown> = {};
    const numeric: Record<string, unknown> = {};
    header.forEach((h, c) => {
      const v = cells[c]!.trim();
      if (v === '') return;
      if (h === 'genres') obj[h] = splitGenres(v, '|');
      else if (h === 'year') obj[h] = numberCell(file, line, h, v);
      else if (TEXT_COLUMNS.has(h)) obj[h] = v;
      else numeric[h] = numberCell(file, line, h, v);
    });
    if (Object.keys(numeric).length > 0) obj['numeric'] = numeric;
    out.push({ item: checkItem(obj, { file, line }), line });
  }
  return out;
}

function numberCell(file: string, line: number, field: string, v: string): number {
  const x = Number(v);
  if (!Number.isFinite(x)) throw new InputError({ file, line, field }, `'${v.slice(0, 40)}' is not a number`);
  return x;
}

function fromJsonLines(file: string, text: string): Located[] {
  const out: Located[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    if (raw.trim() === '') return;
    const line = n + 1;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (err) {
      throw new InputError({ file, line }, `not JSON: ${(err as Error).message}`);
    }
    out.push({ item: checkItem(v, { file, line }), line });
  });
  return out;
}

function fromJson(file: string, text: string): Located[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const line = at ? lineAt(text, Number(at[1])) : undefined;
    throw new InputError(
      line === undefined ? { file } : { file, line },
      `not JSON: ${(err as Error).message}`,
    );
  }
  const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v['items']) ? v['items'] : undefined;
  if (!list) throw new InputError({ file, line: 1 }, 'expected an array of items or { "items": [...] }');
  const starts = elementLines(text, list.length);
  return list.map((x: unknown, i) => {
    const line = starts[i] ?? 1;
    return { item: checkItem(x, { file, line }), line };
  });
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Lines where the elements of the item array start (the top-level array, or the one under `"items"`): a scan that
 * skips strings and counts depth, so errors in a JSON file name a line as they do in CSV and JSON Lines.
 */
function elementLines(text: string, count: number): number[] {
  const out: number[] = [];
  let line = 1;
  let depth = 0;
  let arrayDepth = -1;
  let expectElement = false;
  for (let i = 0; i < text.length && out.length < count; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (c === '"') {
      if (expectElement && depth === arrayDepth) {
        out.push(line);
        expectElement = false;
      }
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (expectElement && depth === arrayDepth && c !== ']') {
      out.push(line);
      expectElement = false;
    }
    if (c === '[' || c === '{') {
      depth++;
      // The first array opened is the item list (top level, or the value of "items").
      if (c === '[' && arrayDepth < 0) {
        arrayDepth = depth;
        expectElement = true;
      }
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === arrayDepth) expectElement = true;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks one item as `POST /api/items`' schema does, naming the field at fault. */
function checkItem(v: unknown, at: { file: string; line: number }): NewItemInput {
  const bad = (field: string | undefined, message: string): InputError =>
    new InputError(field === undefined ? at : { ...at, field }, message);
  if (!isObject(v)) throw bad(undefined, 'an item must be an object');
  for (const key of Object.keys(v))
    if (!['id', 'title', 'genres', 'year', 'type', 'numeric'].includes(key))
      throw bad(key, 'unknown field (allowed: id, title, genres, year, type, numeric)');
  const id = v['id'];
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID)
    throw bad('id', `must be a string of 1 to ${MAX_ID} characters`);
  const title = v['title'];
  if (typeof title !== 'string' || title.length === 0 || title.length > MAX_TITLE)
    throw bad('title', `must be a string of 1 to ${MAX_TITLE} characters`);
  const item: NewItemInput = { id, title };
  const genres = v['genres'];
  if (genres !== undefined) {
    if (
      !Array.isArray(genres) ||
      genres.length > MAX_GENRES ||
      genres.some((g) => typeof g !== 'string' || g.length === 0 || g.length > 100)
    )
      throw bad('genres', `must be a list of at most ${MAX_GENRES} names of 1 to 100 characters`);
    item.genres = genres as string[];
  }
  const year = v['year'];
  if (year !== undefined) {
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 0 || year > 9999)
      throw bad('year', 'must be a whole number from 0 to 9999');
    item.year = year;
  }
  const type = v['type'];
  if (type !== undefined) {
    if (typeof type !== 'string' || type.length > 100)
      throw bad('type', 'must be a string of at most 100 characters');
    item.type = type;
  }
  const numeric = v['numeric'];
  if (numeric !== undefined) {
    if (!isObject(numeric) || Object.keys(numeric).length > MAX_NUMERIC)
      throw bad('numeric', `must be an object of at most ${MAX_NUMERIC} named numbers`);
    for (const [k, x] of Object.entries(numeric))
      if (typeof x !== 'number' || !Number.isFinite(x)) throw bad(`numeric.${k}`, 'must be a finite number');
    item.numeric = numeric as Record<string, number>;
  }
  return item;
}
