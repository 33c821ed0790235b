import { createHash } from 'node:crypto';

// ArangoDB keys allow letters, digits and _-.@()+,=;$!*' (and : and %, which we reserve), ≤ 254 bytes.
const SAFE = /^[A-Za-z0-9_\-.@()+,=;$!*']$/;

/** A reversible `_key` for a raw id: unsafe characters become `%XX` (UTF-8 bytes); `:` is kept free as a separator. */
export function encodeKey(id: string): string {
  let out = '';
  for (const ch of id) {
    if (SAFE.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out.length <= 254 ? out : 'h' + createHash('sha256').update(id).digest('hex');
}

/** The `_key` of an edge between two encoded keys (hashed when too long; hashed keys have no `:`). */
export function edgeKey(...parts: string[]): string {
  const k = parts.join(':');
  return k.length <= 254 ? k : 'h' + createHash('sha256').update(k).digest('hex');
}
