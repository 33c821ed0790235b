// Small text helpers for item metadata: HTML entities (anime names), years in titles, Python-literal genre lists.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes HTML entities such as `&#039;`, `&#x27;`, `&quot;` and `&amp;` (unknown names are left as they are). */
export function decodeHtmlEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[body] ?? m;
  });
}

/** The year in a title like `Toy Story (1995)` or `Fawlty Towers (1975-1979)`, or undefined. */
export function yearFromTitle(title: string): number | undefined {
  const m = /\((\d{4})(?:\s*[–-]\s*\d{0,4})?\)\s*$/.exec(title);
  return m ? Number(m[1]) : undefined;
}

/** The year of a date such as `1995-10-30` or `01-Jan-1995`, or undefined. */
export function yearFromDate(date: string): number | undefined {
  const m = /(?:^|\D)(\d{4})(?:\D|$)/.exec(date);
  return m ? Number(m[1]) : undefined;
}

/** Names from a JSON-like list such as `[{'id': 16, 'name': 'Animation'}]` (single or double quotes). */
export function namesFromLiteralList(s: string): string[] {
  const out: string[] = [];
  const re = /['"]name['"]\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push((m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'));
  return out;
}

/** Splits a genre list on `sep`, trimming and dropping empty entries and MovieLens' `(no genres listed)`. */
export function splitGenres(s: string, sep: string): string[] {
  return s
    .split(sep)
    .map((g) => g.trim())
    .filter((g) => g.length > 0 && g !== '(no genres listed)');
}
