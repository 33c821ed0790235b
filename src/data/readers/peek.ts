import { parseCsvLine } from './csv-parse.ts';
import { openDataFile } from './files.ts';

/** Reads the first line of a file (up to 64 KiB) and splits it as a header; empty when the file is empty. */
export async function peekHeader(file: string, delimiter: string): Promise<string[]> {
  const { fh } = await openDataFile(file);
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const first = text.split('\n')[0]!.replace(/\r$/, '');
    if (first.length === 0) return [];
    try {
      return (delimiter.length === 1 ? parseCsvLine(first, delimiter) : first.split(delimiter)).map((s) =>
        s.trim(),
      );
    } catch {
      return first.split(delimiter);
    }
  } finally {
    await fh.close();
  }
}
