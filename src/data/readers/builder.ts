import { IdMap } from '../idmap.ts';
import type { Interactions } from '../types.ts';
import type { ReadContext } from './context.ts';
import { clip } from './fields.ts';

/** Column names of one input file, for error messages about its rows. */
interface Segment {
  file: string;
  start: number;
  userField: string;
  itemField: string;
}

/**
 * Collects interactions into growing typed arrays while mapping raw ids once through `IdMap`s,
 * remembering each row's file and line so later checks (duplicates) can name them.
 */
export class InteractionBuilder {
  /** Raw ↔ dense user ids, in order of first appearance (until `finish` reorders them). */
  users = new IdMap();
  /** Raw ↔ dense item ids. */
  items = new IdMap();
  private n = 0;
  private cap = 1024;
  private u = new Int32Array(this.cap);
  private i = new Int32Array(this.cap);
  private r = new Float32Array(this.cap);
  private t: Float64Array | null;
  private line = new Int32Array(this.cap);
  private readonly segments: Segment[] = [];
  /** Dense index + 1 of each integer raw id seen by `pushInt`/`userInt` (0 = not cached yet), grown on demand. */
  private userByInt: Int32Array = new Int32Array(0);
  private itemByInt: Int32Array = new Int32Array(0);

  /** Creates a builder; `withTimestamps` keeps a timestamp per interaction. */
  constructor(withTimestamps: boolean) {
    this.t = withTimestamps ? new Float64Array(this.cap) : null;
  }

  /** Number of interactions so far. */
  get length(): number {
    return this.n;
  }

  /** Starts rows of a new file; `userField`/`itemField` name its id columns in messages. */
  beginFile(file: string, userField: string, itemField: string): void {
    this.segments.push({ file, start: this.n, userField, itemField });
  }

  /** Adds one interaction read from `line` of the current file. */
  push(userRaw: string, itemRaw: string, rating: number, timestamp: number, line: number): void {
    if (this.n === this.cap) this.grow();
    const k = this.n++;
    this.u[k] = this.users.add(userRaw);
    this.i[k] = this.items.add(itemRaw);
    this.r[k] = rating;
    if (this.t) this.t[k] = timestamp;
    this.line[k] = line;
  }

  /**
   * `push` for ids that are canonical decimal integers (no sign, no leading zero, below `MAX_INT_ID`), rating 1 and
   * no timestamp: the dense index comes from an array indexed by the id, so the `IdMap` (and a JS string) is touched
   * only the first time an id is seen; dense indices are exactly those `push` of the same ids as strings gives.
   */
  pushInt(user: number, item: number, line: number): void {
    if (this.n === this.cap) this.grow();
    const k = this.n++;
    this.u[k] = this.userInt(user);
    this.i[k] = this.itemInt(item);
    this.r[k] = 1;
    if (this.t) this.t[k] = 0;
    this.line[k] = line;
  }

  /** Dense index of the canonical integer user id `raw` (added when new), as `users.add(String(raw))`. */
  userInt(raw: number): number {
    if (raw >= this.userByInt.length) this.userByInt = growTable(this.userByInt, raw);
    const hit = this.userByInt[raw]! - 1;
    if (hit >= 0) return hit;
    const d = this.users.add(String(raw));
    this.userByInt[raw] = d + 1;
    return d;
  }

  private itemInt(raw: number): number {
    if (raw >= this.itemByInt.length) this.itemByInt = growTable(this.itemByInt, raw);
    const hit = this.itemByInt[raw]! - 1;
    if (hit >= 0) return hit;
    const d = this.items.add(String(raw));
    this.itemByInt[raw] = d + 1;
    return d;
  }

  /**
   * Makes room for `total` interactions in all (a reader's count before parsing), so the arrays are allocated once
   * instead of doubled, and `finish` hands them over without a trimming copy when the count was exact.
   */
  reserve(total: number): void {
    if (total <= this.cap) return;
    this.cap = total;
    this.u = resize(this.u, total);
    this.i = resize(this.i, total);
    this.r = resize(this.r, total);
    if (this.t) this.t = resize(this.t, total);
    this.line = resize(this.line, total);
  }

  private grow(): void {
    this.cap *= 2;
    this.u = resize(this.u, this.cap);
    this.i = resize(this.i, this.cap);
    this.r = resize(this.r, this.cap);
    if (this.t) this.t = resize(this.t, this.cap);
    this.line = resize(this.line, this.cap);
  }

  /**
   * Checks for duplicate (user, item) pairs — an `InputError` at the later row, or (lenient) the
   * later rows dropped and counted as `duplicate` — and returns the interactions in row order.
   * Runs in O(n + items) with a counting sort by user and an item stamp array.
   */
  finish(ctx: ReadContext): Interactions {
    const n = this.n;
    const nu = this.users.size;
    const start = new Int32Array(nu + 1);
    for (let k = 0; k < n; k++) start[this.u[k]! + 1]!++;
    for (let x = 0; x < nu; x++) start[x + 1]! += start[x]!;
    const fill = start.slice(0, nu);
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[fill[this.u[k]!]!++] = k;
    const stamp = new Int32Array(this.items.size).fill(-1);
    const firstAt = new Int32Array(this.items.size);
    let drop: Uint8Array | null = null;
    for (let x = 0; x < nu; x++) {
      for (let p = start[x]!; p < start[x + 1]!; p++) {
        const k = order[p]!;
        const it = this.i[k]!;
        if (stamp[it] !== x) {
          stamp[it] = x;
          firstAt[it] = k;
          continue;
        }
        const seg = this.segmentOf(k);
        const first = firstAt[it]!;
        const firstSeg = this.segmentOf(first);
        const where = firstSeg === seg ? `line ${this.line[first]}` : `${firstSeg.file}:${this.line[first]}`;
        ctx.reject(
          { file: seg.file, line: this.line[k], field: seg.itemField },
          'duplicate',
          `duplicate (user, item) pair (${seg.userField} ${clip(this.users.raw(x))}, ${seg.itemField} ${clip(this.items.raw(it))}); first seen on ${where}`,
        );
        (drop ??= new Uint8Array(n))[k] = 1;
      }
    }
    return drop ? this.compact(drop) : this.view(n);
  }

  private segmentOf(k: number): Segment {
    let s = this.segments[0]!;
    for (const seg of this.segments) if (seg.start <= k) s = seg;
    return s;
  }

  /** Interaction count per file segment after `finish` (for provided train/test splits). */
  segmentCounts(): number[] {
    return this.segments.map((s, j) => (this.segments[j + 1]?.start ?? this.n) - s.start);
  }

  private view(n: number): Interactions {
    // Full arrays (an exact `reserve`) are handed over as they are: the builder is done with them.
    const fit = <T extends Int32Array | Float32Array | Float64Array>(a: T): T =>
      a.length === n ? a : (a.slice(0, n) as T);
    return {
      user: fit(this.u),
      item: fit(this.i),
      rating: fit(this.r),
      timestamp: this.t ? fit(this.t) : null,
    };
  }

  private compact(drop: Uint8Array): Interactions {
    let w = 0;
    const starts = this.segments.map((s) => s.start);
    for (let k = 0; k < this.n; k++) {
      if (drop[k]) {
        // Later segments start one row earlier for each row dropped before them.
        for (let j = 0; j < starts.length; j++) if (this.segments[j]!.start > k) starts[j]!--;
        continue;
      }
      this.u[w] = this.u[k]!;
      this.i[w] = this.i[k]!;
      this.r[w] = this.r[k]!;
      if (this.t) this.t[w] = this.t[k]!;
      this.line[w] = this.line[k]!;
      w++;
    }
    this.segments.forEach((s, j) => (s.start = starts[j]!));
    this.n = w;
    return this.view(w);
  }
}

/**
 * Largest id `pushInt` takes: its lookup arrays hold 4 bytes per id up to the largest seen (256 MiB here); larger ids
 * go through `push` as strings.
 */
export const MAX_INT_ID = 1 << 26;

function growTable(t: Int32Array, need: number): Int32Array {
  const next = new Int32Array(Math.min(MAX_INT_ID, Math.max(need + 1, t.length * 2, 1024)));
  next.set(t);
  return next;
}

function resize<T extends Int32Array | Float32Array | Float64Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
