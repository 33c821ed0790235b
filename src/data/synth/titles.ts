import { SYNTHETIC_GENRES, TITLE_ADJECTIVES, TITLE_NOUNS } from '../synthetic-words.ts';

/** Name of latent community `g` as a genre (the built-in list, then `Genre N`). */
export function genreName(g: number): string {
  return SYNTHETIC_GENRES[g] ?? `Genre ${g + 1}`;
}

/**
 * A readable, unique, comma-free title for item `i`: adjective + noun from a mixed index, a
 * sequel number once the word pairs run out, and a year; deterministic in `i` alone, so titles need
 * no memory at any catalogue size.
 */
export function synthTitle(i: number): string {
  const na = TITLE_ADJECTIVES.length;
  const nn = TITLE_NOUNS.length;
  const pairs = na * nn;
  // Multiplying by a number coprime to `pairs` spreads neighbouring ids over different word pairs.
  const mixed = ((i % pairs) * 7919) % pairs;
  const part = Math.floor(i / pairs);
  const year = 1950 + (((i * 2654435761) >>> 0) % 76);
  return `The ${TITLE_ADJECTIVES[mixed % na]} ${TITLE_NOUNS[Math.floor(mixed / na)]}${part > 0 ? ` ${part + 1}` : ''} (${year})`;
}
