import { InputError } from '../../util/errors.ts';
import type { Dataset, ReadOptions } from '../types.ts';
import { assembleDataset } from './assemble.ts';
import { InteractionBuilder } from './builder.ts';
import { ReadContext } from './context.ts';
import { parseId } from './fields.ts';
import { datasetName } from './files.ts';
import { forEachLine } from './lines.ts';
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
  for (const part of ['train.txt', 'test.txt']) {
    const file = join(dir, part);
    ctx.files.push(file);
    builder.beginFile(file, 'user', 'item');
    let sawText = false;
    const summary = await forEachLine(
      file,
      'utf8',
      (text, { line }) => {
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
      },
      (_, { line }) => void ctx.reject({ file, line, field: 'user' }, 'encoding', 'invalid UTF-8 bytes'),
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
