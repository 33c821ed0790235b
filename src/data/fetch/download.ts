import { createHash } from 'node:crypto';
import { GnnrecError } from '../../util/errors.ts';
import type { Progress } from '../../util/progress.ts';

/** A downloaded file in memory with its digests. */
export interface Downloaded {
  data: Buffer;
  sha256: string;
  md5: string;
}

/**
 * Downloads `url` into memory (the archives are a few MB). Fails after `timeoutMs` without a
 * response — so a machine without network fails fast — and names `hint` in the error.
 */
export async function download(
  url: string,
  opts: { timeoutMs: number; hint: string; progress?: Progress },
): Promise<Downloaded> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), opts.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { signal: ctl.signal, redirect: 'follow' });
  } catch (err) {
    clearTimeout(timer);
    const cause = ctl.signal.aborted ? `no response within ${opts.timeoutMs / 1000} s` : describe(err);
    throw new GnnrecError(`cannot download ${url}: ${cause}. ${opts.hint}`);
  }
  clearTimeout(timer);
  if (!res.ok || !res.body) throw new GnnrecError(`cannot download ${url}: HTTP ${res.status}. ${opts.hint}`);
  const total = Number(res.headers.get('content-length')) || undefined;
  const chunks: Buffer[] = [];
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let done = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const b = Buffer.from(chunk);
    chunks.push(b);
    sha.update(b);
    md5.update(b);
    done += b.length;
    opts.progress?.update('download', done, total);
  }
  opts.progress?.end();
  return { data: Buffer.concat(chunks), sha256: sha.digest('hex'), md5: md5.digest('hex') };
}

function describe(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; message?: string };
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}
