import { findKind } from '../models/registry.ts';

/** What a kind's recommendation scores are, for people reading them: the registry's words, else a default by task. */
export function scoreMeaning(kind: string): string {
  const k = findKind(kind);
  if (k?.scoreMeaning) return k.scoreMeaning;
  return k?.task === 'rating' ? 'predicted rating' : 'ranking score (higher ranks first; not a probability)';
}

/** What a kind's item–item similarity scores are: the registry's words, else a neutral default. */
export function similarityMeaning(kind: string): string {
  return findKind(kind)?.similarityMeaning ?? 'similarity score (higher is more similar)';
}
