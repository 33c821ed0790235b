import { InputError } from '../../util/errors.ts';
import type { Dataset, ReadOptions } from '../types.ts';
import { assembleDataset } from './assemble.ts';
import { InteractionBuilder, MAX_INT_ID } from './builder.ts';
import { ReadContext } from './context.ts';
import { countLineTokens } from './count-tokens.ts';
import { parseId } from './fields.ts';
import { datasetName } from './files.ts';
import { forEachLineBytes, type LineInfo } from './lines.ts';
import { join } from 'node:path';

/**
 * Reads a LightGCN benchmark folder (`train.txt`, `test.txt`; lines `user item item …`, 0-based
 * ids) into implicit interactions (rating 1), train rows first, with `providedSplit` set. A user
 * listed with no items still counts as a user.
 */
export async function readLightGcn(
  dir: string,
  opts: ReadOptions = {},
): Promise<{ dataset: Dataset; ctx: ReadContext }> {
  const ctx = new ReadContext(opts.lenient ?? false, opts.progress, opts.maxLineBytes);
  const builder = new InteractionBuilder(false);
  builder.reserve(
    (await countLineTokens(join(dir, 'train.txt'))) + (await countLineTokens(join(dir, 'test.txt'))),
  );
  for (const part of ['train.txt', 'test.txt']) {
    const file = join(dir, part);
    ctx.files.push(file);
    builder.beginFile(file, 'user', 'item');
    let sawText = false;
    const textLine = (text: string, { line }: LineInfo): void => {
      const tokens = text.trim().split(/\s+/);
      if (tokens[0] === '') return;
      sawText = true;
      const user = parseId(ctx, tokens[0]!, { file, line, field: 'user' }, true);
      if (user === null) return;
      const items: string[] = [];
      for (let k = 1; k < tokens.length; k++) {
        const it = parseId(ctx, tokens[k]!, { file, line, field: `item ${k}` }, true);
        if (it === null) return;
        items.push(it);
      }
      builder.users.add(user);
      for (const it of items) builder.push(user, it, 1, 0, line);
    };
    const ids: number[] = [];
    const summary = await forEachLineBytes(
      file,
      (buf, start, end, info) => {
        // Lines of plain decimal ids (the whole format as published) are parsed from the bytes; anything else
        // (other characters, leading zeros, huge ids, bad UTF-8) takes the string path and its messages.
        if (intLine(buf, start, end, ids)) {
          if (ids.length === 0) return;
          sawText = true;
          const user = ids[0]!;
          builder.userInt(user);
          for (let k = 1; k < ids.length; k++) builder.pushInt(user, ids[k]!, info.line);
          return;
        }
        let text: string;
        try {
          text = strict.decode(buf.subarray(start, end));
        } catch {
          ctx.reject({ file, line: info.line, field: 'user' }, 'encoding', 'invalid UTF-8 bytes');
          return;
        }
        textLine(text, info);
      },
      { maxLineBytes: ctx.maxLineBytes, onBytes: ctx.bytesOf(file) },
    );
    if (summary.bytes === 0 || !sawText)
      throw new InputError({ file, line: 1, field: 'user' }, 'file is empty');
  }
  return {
    dataset: assembleDataset({
      name: datasetName(dir),
      format: 'lightgcn',
      builder,
      ctx,
      meta: new Map(),
      ratingRange: null,
      provided: true,
    }),
    ctx,
  };
}

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses `buf[start, end)` as whitespace-separated canonical decimal ids below `MAX_INT_ID` into `out` (emptied
 * first); false when the line holds anything else, so the caller falls back to the string parser.
 */
function intLine(buf: Buffer, start: number, end: number, out: number[]): boolean {
  out.length = 0;
  let p = start;
  while (p < end) {
    const c = buf[p]!;
    if (c === 32 || (c >= 9 && c <= 13)) {
      p++;
      continue;
    }
    if (c < 48 || c > 57) return false;
    // A leading zero makes a different string id ("07" is not "7"): the string path keeps it as written.
    if (c === 48 && p + 1 < end && buf[p + 1]! >= 48 && buf[p + 1]! <= 57) return false;
    let v = 0;
    while (p < end) {
      const d = buf[p]! - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      if (v >= MAX_INT_ID) return false;
      p++;
    }
    if (p < end) {
      const c2 = buf[p]!;
      if (!(c2 === 32 || (c2 >= 9 && c2 <= 13))) return false;
    }
    out.push(v);
  }
  return true;
}
