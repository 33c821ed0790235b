import { GnnrecError, InputError, type InputLocation } from '../../util/errors.ts';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { silentProgress, type Progress } from '../../util/progress.ts';
import type { ReadReport } from '../types.ts';
import { DEFAULT_MAX_LINE_BYTES } from './lines.ts';

/**
 * Why a row was skipped in lenient mode (the keys of `ReadReport.skipped`):
 * `missing-field`, `truncated`, `bad-id`, `bad-rating`, `out-of-range`, `bad-timestamp`,
 * `bad-number` (a metadata number that is not finite), `bad-quote` (a record a stray quote broke),
 * `duplicate`, `encoding`; and, in every mode, `unrated` (anime −1 dropped), `metadata-bad-row` (unparseable movies_metadata.csv rows) and
 * `unrated-item` (catalogue items nobody rated: metadata rows not kept as items).
 */
export type SkipReason =
  | 'missing-field'
  | 'truncated'
  | 'bad-id'
  | 'bad-rating'
  | 'out-of-range'
  | 'bad-timestamp'
  | 'bad-number'
  | 'bad-quote'
  | 'duplicate'
  | 'encoding'
  | 'unrated'
  | 'metadata-bad-row'
  | 'unrated-item';

/** Per-read state: strict or lenient, and the counts that end up in the `ReadReport`. */
export class ReadContext {
  /** Rows skipped, by reason. */
  readonly skipped: Record<string, number> = {};
  /** Files read, in order. */
  readonly files: string[] = [];

  /**
   * Creates a context; `lenient` turns row errors into counted skips; `progress` hears bytes read per
   * file; `maxLineBytes` bounds every line and CSV record.
   */
  constructor(
    readonly lenient: boolean,
    readonly progress: Progress = silentProgress,
    readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
  ) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)
      throw new GnnrecError(`the longest line must be a positive whole number of bytes, got ${maxLineBytes}`);
  }

  /** A callback reporting bytes read of `file` to the progress reporter. */
  bytesOf(file: string): (done: number) => void {
    if (this.progress === silentProgress) return () => {};
    let total: number | undefined;
    try {
      total = statSync(file).size;
    } catch {
      // The read itself reports a missing or unreadable file, naming it.
    }
    const phase = `reading ${basename(file)}`;
    return (done) => this.progress.update(phase, done, total);
  }

  /** Reports a bad row: throws an `InputError` in strict mode, counts a skip in lenient mode; always returns null. */
  reject(loc: InputLocation, reason: SkipReason, message: string): null {
    if (!this.lenient) throw new InputError(loc, message);
    this.count(reason);
    return null;
  }

  /** Counts a skip that happens in every mode (a documented, deliberate drop). */
  count(reason: SkipReason, n = 1): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }

  /** The report of this read. */
  report(): ReadReport {
    return { skipped: { ...this.skipped }, files: this.files.slice() };
  }
}
