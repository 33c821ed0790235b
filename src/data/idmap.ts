/**
 * Maps raw ids (strings as they appear in files or the store) to dense indices 0..size-1 and back.
 * Raw ids are converted exactly once, at the edge; everything inside gnnrec uses dense indices.
 */
export class IdMap {
  private readonly toDense = new Map<string, number>();
  private readonly toRaw: string[] = [];

  /** Creates a map, optionally pre-filled with raw ids in dense order. */
  constructor(raw: Iterable<string> = []) {
    for (const r of raw) this.add(r);
  }

  /** Number of distinct ids. */
  get size(): number {
    return this.toRaw.length;
  }

  /** Returns the dense index of `raw`, assigning the next one if it is new. */
  add(raw: string): number {
    const hit = this.toDense.get(raw);
    if (hit !== undefined) return hit;
    const idx = this.toRaw.length;
    this.toDense.set(raw, idx);
    this.toRaw.push(raw);
    return idx;
  }

  /** Dense index of `raw`, or undefined when unknown. */
  get(raw: string): number | undefined {
    return this.toDense.get(raw);
  }

  /** Whether `raw` is known. */
  has(raw: string): boolean {
    return this.toDense.has(raw);
  }

  /** Raw id of dense index `idx`. */
  raw(idx: number): string {
    const r = this.toRaw[idx];
    if (r === undefined) throw new RangeError(`dense index ${idx} out of range 0..${this.toRaw.length - 1}`);
    return r;
  }

  /** Raw ids in dense order (for manifests and the store). */
  toJSON(): string[] {
    return this.toRaw.slice();
  }

  /** Rebuilds a map from `toJSON()` output. */
  static fromJSON(raw: readonly string[]): IdMap {
    return new IdMap(raw);
  }
}
